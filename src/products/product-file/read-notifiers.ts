/**
 * Who is told what: `notify: [{ name, webhook: { url, secret }, events }, { name, email: { to } }]`.
 * Events default to the announcements (ANNOUNCEMENT_EVENTS).
 */
import { ANNOUNCEMENT_EVENTS, type NotifierSpec } from '../product-spec.ts';
import { compareText } from '../compare-text.ts';
import { checkName } from './name-rules.ts';
import { readConfigValue } from './read-targets.ts';
import type { Located, Reader } from './yaml-reader.ts';

const EVENT_PATTERN = /^(?:[a-z][a-z-]*(?:\.[a-z][a-z-]*)*(?:\.\*)?|\*)$/;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function readNotifiers(r: Reader, at: Located): NotifierSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  const notifiers: NotifierSpec[] = [];
  let ok = true;
  for (const item of items) {
    const notifier = readNotifier(r, item);
    if (notifier === undefined) ok = false;
    else if (notifiers.some((n) => n.name === notifier.name)) {
      r.report(item.node, item.path, `notifier name '${notifier.name}' is used twice`);
      ok = false;
    } else notifiers.push(notifier);
  }
  return ok ? notifiers : undefined;
}

function readNotifier(r: Reader, at: Located): NotifierSpec | undefined {
  const m = r.map(at, ['name', 'webhook', 'email', 'events']);
  if (m === undefined) return undefined;
  const nameAt = m.require('name');
  const name = nameAt && r.string(nameAt, checkName);
  const eventsAt = m.get('events');
  const events = eventsAt === undefined ? [...ANNOUNCEMENT_EVENTS] : r.stringList(eventsAt, checkEventPattern)?.map((e) => e.value).sort(compareText);
  if (eventsAt !== undefined && events?.length === 0) r.report(eventsAt.node, eventsAt.path, 'list at least one event type, or leave events out for the announcements');
  const webhookAt = m.get('webhook');
  const emailAt = m.get('email');
  if ((webhookAt === undefined) === (emailAt === undefined)) {
    r.report(at.node, at.path, 'a notifier is either a webhook or an email: give one of them');
    return undefined;
  }
  if (name === undefined || events === undefined || events.length === 0) return undefined;
  if (webhookAt !== undefined) {
    const w = r.map(webhookAt, ['url', 'secret']);
    const urlAt = w?.require('url');
    const url = urlAt && r.string(urlAt, checkUrl);
    const secretAt = w?.get('secret');
    const secret = secretAt === undefined ? null : readConfigValue(r, secretAt);
    if (url === undefined || secret === undefined) return undefined;
    return { name, kind: 'webhook', url, secret, events };
  }
  const e = r.map(emailAt!, ['to']);
  const toAt = e?.require('to');
  const to = toAt && r.stringList(toAt, checkEmail);
  if (toAt !== undefined && to?.length === 0) r.report(toAt.node, toAt.path, 'list at least one address');
  if (to === undefined || to.length === 0) return undefined;
  return { name, kind: 'email', to: to.map((t) => t.value), events };
}

function checkEventPattern(pattern: string): string | null {
  return EVENT_PATTERN.test(pattern) ? null : `'${pattern}' is not an event type or prefix: use one like vote.decided, rollout.* or *`;
}

function checkUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL: use one like https://hooks.example.com/ringmaster`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `a webhook URL is http or https, got ${url.protocol.replace(':', '')}`;
  if (url.username !== '' || url.password !== '') return 'put no user or password in a webhook URL: use secret to sign the requests instead';
  return null;
}

function checkEmail(text: string): string | null {
  return EMAIL.test(text) && text.length <= 254 ? null : `'${text}' is not an email address`;
}
