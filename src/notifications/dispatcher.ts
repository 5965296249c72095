import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { NotifierSpec } from '../products/product-spec.ts';
import { afterFailure } from './delivery-backoff.ts';
import { type ClaimedDelivery, claimDelivery, dueDeliveries, loadClaimed, markAttemptFailed, markDelivered, releaseClaim } from './delivery-store.ts';
import { emailContent } from './email-message.ts';
import type { EmailStatus } from './email-status.ts';
import type { Mailer } from './send-email.ts';
import { type SendOutcome, sendWebhook } from './send-webhook.ts';

export interface DispatcherOptions {
  db: Kysely<Database>;
  clock: Clock;
  box: SecretBox;
  logger: Logger;
  email: EmailStatus;
  /** Null while email is off. */
  mailer: Mailer | null;
  publicUrl: string | undefined;
  /** This server's name on the leases it takes. */
  owner: string;
  /** How long a claimed delivery is ours: longer than a send can take (10 s webhook, under a minute of SMTP). */
  leaseMs: number;
  /** Deliveries claimed and sent at once. */
  batch: number;
  /** Fires when the server stops: sends are abandoned and their deliveries let go, uncounted. */
  stopping: AbortSignal;
}

export interface Dispatcher {
  /** Sends the deliveries that are due, a batch at a time; answers how many it tried. */
  sendDue(): Promise<number>;
}

/** Batches per pass, so one pass ends even while new deliveries keep coming due. */
const MAX_BATCHES = 20;

/** The outcome that gives up at once: nothing to send to, or nothing to send. */
type Attempt = SendOutcome | { ok: false; reason: string; final: true };

/**
 * Sends due deliveries on leases (like push deployments): a conditional
 * update takes each one, so of several servers only one sends it, and a
 * server that dies mid-send leaves a lease that runs out, after which
 * another sends it again (receivers may see a delivery twice; its id says so).
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, clock } = options;

  async function attempt(claimed: ClaimedDelivery): Promise<Attempt> {
    const notifier = claimed.notifiers.find((n) => n.name === claimed.notifier);
    if (!notifier) return { ok: false, reason: `notifier '${claimed.notifier}' is no longer in the product file`, final: true };
    if (!claimed.event) return { ok: false, reason: `event #${claimed.eventId} is no longer in the event log`, final: true };
    if (notifier.kind === 'webhook') {
      const secret = unsealed(notifier);
      if (secret === undefined) return { ok: false, reason: "the webhook's secret cannot be read with this server's key", final: true };
      return sendWebhook({ url: notifier.url, secret, deliveryId: claimed.id, event: claimed.event, product: claimed.product, now: clock.now(), signal: options.stopping });
    }
    if (!options.mailer) return { ok: false, reason: options.email.reason ?? 'email is off' };
    return options.mailer.send(notifier.to, emailContent(claimed.event, claimed.product, options.publicUrl));
  }

  /** The plain signing secret: null for none, undefined when it cannot be unsealed. */
  function unsealed(notifier: Extract<NotifierSpec, { kind: 'webhook' }>): string | null | undefined {
    if (notifier.secret === null) return null;
    if (!notifier.secret.secret) return notifier.secret.value;
    try {
      return options.box.decrypt(notifier.secret.value);
    } catch {
      return undefined;
    }
  }

  async function sendOne(id: string): Promise<void> {
    const claimed = await loadClaimed(db, id);
    if (!claimed) return;
    let outcome: Attempt;
    try {
      outcome = await attempt(claimed);
    } catch (error) {
      options.logger.warn({ err: error, delivery: id }, 'a notification could not be sent');
      outcome = { ok: false, reason: 'the send failed unexpectedly (see the server log)' };
    }
    if (!outcome.ok && options.stopping.aborted) {
      await releaseClaim(db, id, options.owner);
      return;
    }
    const now = clock.now();
    if (outcome.ok) {
      await markDelivered(db, id, options.owner, now.toISOString());
      return;
    }
    const next = 'final' in outcome ? { retry: false as const } : afterFailure(claimed.attempts, claimed.id);
    if (next.retry) {
      await markAttemptFailed(db, id, options.owner, outcome.reason, new Date(now.getTime() + next.delayMs).toISOString());
      return;
    }
    await db.transaction().execute(async (trx) => {
      if (!(await markAttemptFailed(trx, id, options.owner, outcome.reason, null))) return;
      const what = claimed.event ? `${claimed.event.type} #${claimed.eventId}` : `event #${claimed.eventId}`;
      await appendEvent(trx, now.toISOString(), {
        actor: SERVER_ACTOR,
        type: 'notification.failed',
        subject: `notifier/${claimed.product}/${claimed.notifier}`,
        summary: `${claimed.notifier} gave up on ${what} after ${claimed.attempts} attempt${claimed.attempts === 1 ? '' : 's'}: ${outcome.reason}`,
        data: {
          product: claimed.product,
          notifier: claimed.notifier,
          delivery: claimed.id,
          event: claimed.eventId,
          eventType: claimed.event?.type ?? null,
          attempts: claimed.attempts,
          error: outcome.reason,
        },
      });
    });
  }

  return {
    async sendDue() {
      let tried = 0;
      for (let i = 0; i < MAX_BATCHES && !options.stopping.aborted; i++) {
        const now = clock.now();
        const due = await dueDeliveries(db, now.toISOString(), options.batch);
        const leaseUntil = new Date(now.getTime() + options.leaseMs).toISOString();
        const mine: string[] = [];
        for (const id of due) if (await claimDelivery(db, id, options.owner, now.toISOString(), leaseUntil)) mine.push(id);
        // Every send of the batch ends before the pass does (or fails), so passes never overlap.
        const results = await Promise.allSettled(mine.map((id) => sendOne(id)));
        const failure = results.find((r) => r.status === 'rejected');
        if (failure) throw failure.reason;
        tried += mine.length;
        if (due.length < options.batch) break;
      }
      return tried;
    },
  };
}
