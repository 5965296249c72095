/**
 * What the announcement tests talk to: a real SMTP server and a webhook
 * receiver on loopback, and a product whose notifiers point at them.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { appendEvent } from '../../src/events/event-store.ts';
import type { EventRecord } from '../../src/events/event-types.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { TestApp } from '../support/test-app.ts';

export const PRODUCT = 'daily-train';
export const HOOK_SECRET = 's3cret-hook-key';

/** ops-hook (signed) hears vote outcomes, release-mail the announcements, dead-hook window openings, audit-hook rollouts. */
export function notifyProduct(hookPort: number): string {
  return `product: ${PRODUCT}
components:
  - name: api
rings:
  - name: dev
targets:
  - { name: dev-1, ring: dev, deploy: { command: "true" } }
notify:
  - name: ops-hook
    webhook: { url: "http://127.0.0.1:${hookPort}/hook", secret: { secret: "${HOOK_SECRET}" } }
    events: [vote.decided]
  - name: release-mail
    email: { to: [ops@example.com, qa@example.com] }
  - name: dead-hook
    webhook: { url: "http://127.0.0.1:${hookPort}/dead" }
    events: [window.opened]
  - name: audit-hook
    webhook: { url: "http://127.0.0.1:${hookPort}/audit" }
    events: [rollout.*]
`;
}

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The user the client signed in as, if it did. */
  user: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface TestSmtp {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server on a free loopback port; every message it accepts is parsed and kept. */
export async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    ...options,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : null,
            from: mail.from?.text ?? '',
            to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).map((a) => a.text).join(', '),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface HookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether X-Ringmaster-Signature is the HMAC of "<timestamp>.<body>" with HOOK_SECRET. */
  signatureValid: boolean;
  status: number;
}

export interface TestReceiver {
  port: number;
  requests: HookRequest[];
  /** The status each path answers next: a number for always, or a list used up one request at a time (then 200); 0 never answers. */
  answers: Record<string, number | number[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const requests: HookRequest[] = [];
  const answers: Record<string, number | number[]> = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const answer = answers[path];
      const status = Array.isArray(answer) ? (answer.shift() ?? 200) : (answer ?? 200);
      const timestamp = String(req.headers['x-ringmaster-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
      requests.push({ path, headers: req.headers, body, signatureValid: req.headers['x-ringmaster-signature'] === expected, status });
      // 0: hold the request unanswered (a receiver that hangs).
      if (status === 0) return;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? `receiver says no (${status})\n${'x'.repeat(500)}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes an event as a release's vote or window would, at the clock's time. */
export async function announce(t: TestApp, clock: Clock, type: string, summary: string, data: Record<string, unknown> = {}): Promise<EventRecord> {
  return appendEvent(t.app.database.db, clock.now().toISOString(), {
    actor: 'ringmaster',
    type,
    subject: `release/${PRODUCT}/1.5.0`,
    summary,
    data: { product: PRODUCT, version: '1.5.0', ring: 'production', ...data },
  });
}
