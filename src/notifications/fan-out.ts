import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { latestEventId, listEvents } from '../events/event-store.ts';
import { createGapWatch } from '../events/settled-events.ts';
import type { Clock } from '../platform/clock.ts';
import { advanceCursor, initCursor, insertDeliveries, loadProductNotifiers, readCursor } from './delivery-store.ts';
import type { DeliveriesTable } from './notification-types.ts';
import { eventProduct, recipients } from './notifier-events.ts';

export interface FanOut {
  /** Starts the cursor at the newest event on a database that has none: notifiers are told of what happens from now on, not of the past. */
  start(): Promise<void>;
  /** Turns the events after the cursor into pending deliveries and moves the cursor past them; answers how many events it passed. */
  run(): Promise<number>;
}

const PAGE = 500;
/** Pages per run: a long backlog is worked off over several runs rather than in one long pass. */
const MAX_PAGES = 20;

/**
 * The outbox side of notifications: the event log is the outbox, and a
 * cursor in `meta` says how far it has been read. Several servers may run
 * this at once: a delivery is unique per (product, notifier, event), so a
 * second server's insert does nothing, and the cursor moves only from the
 * value a server read (compare and set), in the transaction of its inserts.
 * On PostgreSQL the reading stops at an id not yet committed (event-feed's
 * gap rule), so an event that commits late is not passed over.
 */
export function createFanOut(options: { db: Kysely<Database>; clock: Clock; emailEnabled: boolean }): FanOut {
  const { db, clock } = options;
  const gaps = createGapWatch();

  async function page(cursor: number): Promise<{ passed: number; full: boolean }> {
    const events = await listEvents(db, { after: cursor, limit: PAGE });
    const settled = gaps.settled(cursor, events);
    if (settled.length === 0) return { passed: 0, full: false };
    const now = clock.now().toISOString();
    const products = new Map((await loadProductNotifiers(db)).filter((p) => p.notifiers.length > 0).map((p) => [p.name, p]));
    const rows: DeliveriesTable[] = [];
    for (const event of settled) {
      const name = eventProduct(event);
      const product = name === null ? undefined : products.get(name);
      if (!product) continue;
      for (const notifier of recipients(event, product.notifiers, { emailEnabled: options.emailEnabled })) {
        rows.push({
          id: randomUUID(),
          product_id: product.id,
          notifier: notifier.name,
          event_id: event.id,
          state: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          lease_owner: null,
          lease_expires_at: null,
          created_at: now,
          delivered_at: null,
        });
      }
    }
    const last = settled[settled.length - 1]!.id;
    const moved = await db.transaction().execute(async (trx) => {
      await insertDeliveries(trx, rows);
      return advanceCursor(trx, cursor, last);
    });
    // Another server moved the cursor first: its inserts were the same; read on from where it is.
    return { passed: moved ? settled.length : 0, full: moved && settled.length === events.length && events.length === PAGE };
  }

  async function start(): Promise<void> {
    if ((await readCursor(db)) === null) await initCursor(db, await latestEventId(db));
  }

  return {
    start,
    async run() {
      let passed = 0;
      for (let i = 0; i < MAX_PAGES; i++) {
        const cursor = await readCursor(db);
        if (cursor === null) {
          await start();
          continue;
        }
        const step = await page(cursor);
        passed += step.passed;
        if (!step.full) break;
      }
      return passed;
    },
  };
}
