import { createHmac } from 'node:crypto';
import { VERSION } from '../app/version.ts';
import type { EventRecord } from '../events/event-types.ts';

/** What a webhook receives: the event as the API shows it, with its product. */
export interface WebhookPayload {
  id: number;
  type: string;
  at: string;
  actor: string;
  subject: string;
  summary: string;
  data: Record<string, unknown>;
  product: string;
}

export interface WebhookRequest {
  url: string;
  /** The plain secret, unsealed just for signing; null sends no signature. */
  secret: string | null;
  deliveryId: string;
  event: EventRecord;
  product: string;
  now: Date;
  timeoutMs?: number;
  /** Abandons the request (the server is stopping). */
  signal?: AbortSignal;
}

export type SendOutcome = { ok: true } | { ok: false; reason: string };

const TIMEOUT_MS = 10_000;
/** How much of a refusing receiver's answer is kept to say why. */
const BODY_SHOWN = 200;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the receiver recomputes it with the shared secret and compares. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs the event. A 2xx answer is delivered; anything else, a redirect, a
 * network error or no answer in 10 s is a failure with a short reason: the
 * status and the start of the answer, or the network's error code. The
 * reason never holds the URL (a chat webhook's path is its key) nor the secret.
 */
export async function sendWebhook(request: WebhookRequest): Promise<SendOutcome> {
  const payload: WebhookPayload = { ...pick(request.event), product: request.product };
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(request.now.getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `ringmaster/${VERSION}`,
    'x-ringmaster-event': request.event.type,
    'x-ringmaster-delivery': request.deliveryId,
    'x-ringmaster-timestamp': String(timestamp),
  };
  if (request.secret !== null) headers['x-ringmaster-signature'] = webhookSignature(request.secret, timestamp, body);
  const timeoutMs = request.timeoutMs ?? TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', headers, body, redirect: 'manual', signal: request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, reason: networkReason(error, timeoutMs) };
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true };
  }
  const text = await readStart(response);
  const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  return { ok: false, reason: `HTTP ${response.status}${redirect}${text ? `: ${text}` : ''}` };
}

function pick(event: EventRecord): Omit<WebhookPayload, 'product'> {
  return { id: event.id, type: event.type, at: event.at, actor: event.actor, subject: event.subject, summary: event.summary, data: event.data };
}

/** The first characters of the answer on one line, read with a short time limit of its own. */
async function readStart(response: Response): Promise<string> {
  try {
    const text = await Promise.race([response.text(), new Promise<string>((resolve) => setTimeout(() => resolve(''), 2000).unref())]);
    // One line of plain characters: it is shown in tables and on the dashboard.
    const line = text.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '?').trim();
    return line.length > BODY_SHOWN ? `${line.slice(0, BODY_SHOWN)}…` : line;
  } catch {
    return '';
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: unknown; cause?: { code?: unknown; name?: unknown } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  if (e.name === 'AbortError') return 'abandoned: the server is stopping';
  if (typeof e.cause?.code === 'string') return `could not connect: ${e.cause.code}`;
  if (e.name === 'TypeError') return 'could not connect';
  return 'the request failed';
}
