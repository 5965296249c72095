import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import type { SmtpConfig } from '../platform/config/smtp-config.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { ConflictError, NotFoundError } from '../platform/errors/errors.ts';
import { findProduct, listProductRows } from '../products/product-store.ts';
import type { NotifierSpec } from '../products/product-spec.ts';
import { countDeliveries, type DeliveryRow, findDelivery, lastUndeliveredError, listDeliveries, loadProductNotifiers, notifierKey, resetForRetry } from './delivery-store.ts';
import { createDispatcher } from './dispatcher.ts';
import { type EmailStatus, emailStatus } from './email-status.ts';
import { createFanOut } from './fan-out.ts';
import type { DeliveryState } from './notification-types.ts';
import { notifierEvents, webhookHost } from './notifier-events.ts';
import { createMailer } from './send-email.ts';

export interface NotifierView {
  product: string;
  name: string;
  kind: NotifierSpec['kind'];
  /** Where it sends: a webhook's scheme and host only (a chat webhook's path is its key), or the email addresses. */
  destination: string;
  events: string[];
  enabled: boolean;
  /** Why it is switched off; null when enabled. */
  reason: string | null;
  deliveries: Record<DeliveryState, number>;
  /** The error of its newest delivery not yet delivered. */
  lastError: string | null;
}

export interface NotifierStatus {
  email: EmailStatus;
  notifiers: NotifierView[];
}

export interface DeliveryView {
  id: string;
  product: string;
  notifier: string;
  state: DeliveryState;
  attempts: number;
  /** When it is tried next; null unless pending. */
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  event: { id: number; type: string; subject: string; summary: string; at: string } | null;
}

export interface DeliveryQuery {
  product?: string | undefined;
  state?: DeliveryState | undefined;
  notifier?: string | undefined;
  limit: number;
}

export interface NotificationService {
  /** Whether email notifiers can send, and why not. */
  readonly email: EmailStatus;
  /** Once at start: a database new to notifications starts its cursor at the newest event. */
  start(): Promise<void>;
  /**
   * New events become deliveries, then the due deliveries are sent. Calls
   * on one server run one after another (a call waits for the one running,
   * then makes its own pass), so a test's call sees the work done when it
   * returns; several servers share the work through leases.
   */
  upkeep(): Promise<void>;
  status(by: Principal, product?: string): Promise<NotifierStatus>;
  deliveries(by: Principal, query: DeliveryQuery): Promise<DeliveryView[]>;
  /** A failed (or waiting) delivery gets a fresh round of attempts, from now. */
  retry(by: Principal, id: string): Promise<DeliveryView>;
  /** Abandons sends in flight (letting their deliveries go, uncounted), waits briefly for the pass, lets the mail connection go. */
  close(): Promise<void>;
}

export interface NotificationServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  box: SecretBox;
  logger: Logger;
  smtp: SmtpConfig;
  publicUrl: string | undefined;
}

const LEASE_MS = 120_000;
const CLOSE_WAIT_MS = 2000;
const BATCH = 10;

export function createNotificationService(options: NotificationServiceOptions): NotificationService {
  const { db, clock } = options;
  const email = emailStatus(options.smtp);
  const mailer = email.enabled ? createMailer(options.smtp) : null;
  const fanOut = createFanOut({ db, clock, emailEnabled: email.enabled });
  const stopping = new AbortController();
  const dispatcher = createDispatcher({
    db,
    clock,
    box: options.box,
    logger: options.logger,
    email,
    mailer,
    publicUrl: options.publicUrl,
    owner: `notifier-${randomUUID()}`,
    leaseMs: LEASE_MS,
    batch: BATCH,
    stopping: stopping.signal,
  });
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  async function pass(): Promise<void> {
    if (closed) return;
    await fanOut.run();
    if (closed) return;
    await dispatcher.sendDue();
  }

  /** The ids of the products the caller may see, or of the one it names (404 if it may not see it). */
  async function productIds(by: Principal, name: string | undefined): Promise<string[]> {
    if (name !== undefined) return [(await visible(by, name)).id];
    return (await listProductRows(db)).filter((p) => canSeeProduct(by, p.name)).map((p) => p.id);
  }

  async function visible(by: Principal, name: string): Promise<{ id: string; name: string }> {
    const row = canSeeProduct(by, name) ? await findProduct(db, name) : undefined;
    if (!row) throw new NotFoundError(`product '${name}' does not exist`);
    return row;
  }

  async function visibleDelivery(by: Principal, id: string): Promise<DeliveryRow> {
    const row = await findDelivery(db, id);
    if (!row || !canSeeProduct(by, row.product)) throw new NotFoundError(`delivery '${id}' does not exist; \`ringmaster get deliveries\` lists them`);
    return row;
  }

  return {
    email,

    async start() {
      await fanOut.start();
      if (!email.enabled) options.logger.info(`${email.reason}; email notifiers are switched off, webhooks are not`);
    },

    upkeep() {
      const run = chain.catch(() => undefined).then(pass);
      chain = run;
      return run;
    },

    async status(by, productName) {
      requirePermission(by, 'products:read');
      const ids = await productIds(by, productName);
      const products = (await loadProductNotifiers(db, productName === undefined ? undefined : ids[0])).filter((p) => ids.includes(p.id));
      const counts = await countDeliveries(db, ids);
      const notifiers: NotifierView[] = [];
      for (const product of products) {
        for (const n of product.notifiers) {
          const off = n.kind === 'email' && !email.enabled;
          notifiers.push({
            product: product.name,
            name: n.name,
            kind: n.kind,
            destination: n.kind === 'webhook' ? webhookHost(n.url) : n.to.join(', '),
            events: notifierEvents(n),
            enabled: !off,
            reason: off ? email.reason : null,
            deliveries: counts.get(notifierKey(product.id, n.name)) ?? { pending: 0, delivered: 0, failed: 0 },
            lastError: await lastUndeliveredError(db, product.id, n.name),
          });
        }
      }
      return { email, notifiers };
    },

    async deliveries(by, query) {
      requirePermission(by, 'products:read');
      const rows = await listDeliveries(db, { productIds: await productIds(by, query.product), state: query.state, notifier: query.notifier, limit: query.limit });
      return rows.map(view);
    },

    async retry(by, id) {
      requirePermission(by, 'products:apply');
      const row = await visibleDelivery(by, id);
      const now = clock.now().toISOString();
      const done = await db.transaction().execute(async (trx) => {
        if (!(await resetForRetry(trx, id, now))) return false;
        const what = row.event ? `${row.event.type} #${row.eventId}` : `event #${row.eventId}`;
        await appendEvent(trx, now, {
          actor: by.actor,
          type: 'notification.retried',
          subject: `notifier/${row.product}/${row.notifier}`,
          summary: `${by.actor} retried ${row.notifier}'s delivery of ${what}`,
          data: { product: row.product, notifier: row.notifier, delivery: row.id, event: row.eventId, previousState: row.state, previousAttempts: row.attempts },
        });
        return true;
      });
      if (!done) {
        const current = await visibleDelivery(by, id);
        if (current.state === 'delivered') throw new ConflictError(`delivery '${id}' was delivered at ${current.deliveredAt}: there is nothing to retry`);
        throw new ConflictError(`delivery '${id}' is being sent right now; look again in a minute`);
      }
      return view(await visibleDelivery(by, id));
    },

    async close() {
      closed = true;
      stopping.abort();
      // Webhook sends end at once; a mail server in mid-answer gets a moment, not its full time limit.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([chain.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
      clearTimeout(timer);
      mailer?.close();
    },
  };
}

function view(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    product: row.product,
    notifier: row.notifier,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? row.nextAttemptAt : null,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    event: row.event,
  };
}
