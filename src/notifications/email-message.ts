import type { EventRecord } from '../events/event-types.ts';

export interface EmailContent {
  subject: string;
  text: string;
}

const SHOWN_FIRST = ['product', 'version', 'ring'];
const MAX_FACTS = 20;
const MAX_VALUE = 200;

/**
 * The mail for one event: a subject like
 * `[Ringmaster] daily-train 1.5.0: vote decided no-go`, and a plain-text body
 * with the summary, the facts of the event, and the release's (or product's)
 * page when the server knows its public URL.
 */
export function emailContent(event: EventRecord, product: string, publicUrl: string | undefined): EmailContent {
  const version = releaseVersion(event);
  const outcome = typeof event.data.decision === 'string' ? ` ${event.data.decision}` : '';
  const subject = oneLine(`[Ringmaster] ${product}${version ? ` ${version}` : ''}: ${event.type.replace(/[._-]/g, ' ')}${outcome}`);

  const facts: [string, string][] = [['Product', product]];
  if (version) facts.push(['Version', version]);
  if (typeof event.data.ring === 'string') facts.push(['Ring', event.data.ring]);
  facts.push(['Event', `${event.type} (#${event.id})`], ['When', event.at], ['By', event.actor]);
  const more = Object.entries(event.data)
    .filter(([key, value]) => !SHOWN_FIRST.includes(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .slice(0, MAX_FACTS);
  for (const [key, value] of more) facts.push([key, String(value)]);
  const width = Math.max(...facts.map(([label]) => label.length)) + 1;

  const lines = [oneLine(event.summary), '', ...facts.map(([label, value]) => `${`${label}:`.padEnd(width)} ${clip(oneLine(value))}`)];
  if (publicUrl) {
    const base = publicUrl.replace(/\/+$/, '');
    const page = `${base}/products/${encodeURIComponent(product)}`;
    lines.push('', version ? `Release page: ${page}/releases/${encodeURIComponent(version)}` : `Product page: ${page}`);
  }
  lines.push('', '-- ', 'Sent by Ringmaster for a notifier in the product file.');
  return { subject, text: `${lines.join('\n')}\n` };
}

/** The release an event is about: `data.version`, or the version its subject (`release/<product>/<version>`) names. */
function releaseVersion(event: EventRecord): string | null {
  if (typeof event.data.version === 'string' && event.data.version !== '') return event.data.version;
  return /^release\/[^/]+\/([^/]+)$/.exec(event.subject)?.[1] ?? null;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '?').trim();
}

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}
