import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { EventRecord } from '../events/event-types.ts';
import type { NotifierSpec } from '../products/product-spec.ts';
import type { DeliveriesTable, DeliveryState } from './notification-types.ts';

/**
 * The deliveries table: one row per event per notifier, written once by the
 * fan-out, claimed on leases by the dispatcher. Timestamps are ISO text, so
 * they compare as strings on both engines.
 */

/** The meta key holding the id of the last event fanned out to notifiers. */
export const CURSOR_KEY = 'notifications.cursor';

export async function readCursor(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
  return row ? Number(row.value) : null;
}

/** Sets the cursor unless another server already has. */
export async function initCursor(db: Kysely<Database>, eventId: number): Promise<void> {
  await db.insertInto('meta').values({ key: CURSOR_KEY, value: String(eventId) }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/** Moves the cursor from `from` to `to`; false when another server moved it first (it only ever moves forward). */
export async function advanceCursor(db: Kysely<Database>, from: number, to: number): Promise<boolean> {
  const result = await db.updateTable('meta').set({ value: String(to) }).where('key', '=', CURSOR_KEY).where('value', '=', String(from)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ProductNotifiers {
  id: string;
  name: string;
  /** As stored: webhook secrets sealed. */
  notifiers: NotifierSpec[];
}

/** Every product's notifiers, or one product's (by id). */
export async function loadProductNotifiers(db: Kysely<Database>, productId?: string): Promise<ProductNotifiers[]> {
  let q = db.selectFrom('products').select(['id', 'name', 'notifiers']).orderBy('name');
  if (productId !== undefined) q = q.where('id', '=', productId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, notifiers: JSON.parse(r.notifiers) as NotifierSpec[] }));
}

const INSERT_CHUNK = 200;

/** Writes new deliveries; one that exists already (another server fanned the event out too) is left as it is. */
export async function insertDeliveries(db: Kysely<Database>, rows: DeliveriesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('deliveries')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['product_id', 'notifier', 'event_id']).doNothing())
      .execute();
  }
}

/** Pending deliveries whose time has come and whose lease (if any) ran out: the oldest first. */
export async function dueDeliveries(db: Kysely<Database>, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes one delivery for `owner` until `leaseUntil`, counting the attempt, if
 * it is still due and nobody else holds it: of servers racing for it, one wins.
 * Counting on claiming means a send that crashes its server still uses an attempt.
 */
export async function claimDelivery(db: Kysely<Database>, id: string, owner: string, now: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set((eb) => ({ lease_owner: owner, lease_expires_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ClaimedDelivery {
  id: string;
  productId: string;
  product: string;
  notifier: string;
  attempts: number;
  eventId: number;
  /** Null when the event is no longer in the log. */
  event: EventRecord | null;
  /** The product's notifiers now, as stored. */
  notifiers: NotifierSpec[];
}

export async function loadClaimed(db: Kysely<Database>, id: string): Promise<ClaimedDelivery | null> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .leftJoin('events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.product_id', 'p.name as product', 'p.notifiers', 'd.notifier', 'd.attempts', 'd.event_id'])
    .select(['e.id as eid', 'e.at', 'e.actor', 'e.type', 'e.subject', 'e.summary', 'e.data'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const event: EventRecord | null =
    row.eid === null || row.at === null || row.actor === null || row.type === null || row.subject === null || row.summary === null || row.data === null
      ? null
      : { id: Number(row.eid), at: row.at, actor: row.actor, type: row.type, subject: row.subject, summary: row.summary, data: JSON.parse(row.data) as Record<string, unknown> };
  return {
    id: row.id,
    productId: row.product_id,
    product: row.product,
    notifier: row.notifier,
    attempts: Number(row.attempts),
    eventId: Number(row.event_id),
    event,
    notifiers: JSON.parse(row.notifiers) as NotifierSpec[],
  };
}

/** Records a sent delivery, if the lease is still ours. */
export async function markDelivered(db: Kysely<Database>, id: string, owner: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'delivered', delivered_at: now, lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Lets a claimed delivery go untried (the server is stopping): its attempt is not counted, and any server may take it now. */
export async function releaseClaim(db: Kysely<Database>, id: string, owner: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ lease_owner: null, lease_expires_at: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'pending')
    .execute();
}

/** Records a failed attempt: pending again at `nextAttemptAt`, or failed for good when that is null. */
export async function markAttemptFailed(db: Kysely<Database>, id: string, owner: string, error: string, nextAttemptAt: string | null): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      state: nextAttemptAt === null ? 'failed' : 'pending',
      last_error: error,
      lease_owner: null,
      lease_expires_at: null,
      ...(nextAttemptAt === null ? {} : { next_attempt_at: nextAttemptAt }),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface DeliveryRow {
  id: string;
  product: string;
  notifier: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  eventId: number;
  event: { id: number; type: string; subject: string; summary: string; at: string } | null;
}

export interface DeliveryFilter {
  /** Product ids to look in; empty means none. */
  productIds: string[];
  state?: DeliveryState | undefined;
  notifier?: string | undefined;
  limit: number;
}

function deliveryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .leftJoin('events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'p.name as product', 'd.notifier', 'd.state', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.lease_expires_at', 'd.created_at', 'd.delivered_at', 'd.event_id'])
    .select(['e.id as eid', 'e.type', 'e.subject', 'e.summary', 'e.at']);
}

type DeliveryQueryRow = Awaited<ReturnType<ReturnType<typeof deliveryQuery>['executeTakeFirstOrThrow']>>;

function toDeliveryRow(r: DeliveryQueryRow): DeliveryRow {
  return {
    id: r.id,
    product: r.product,
    notifier: r.notifier,
    state: r.state,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    leaseExpiresAt: r.lease_expires_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    eventId: Number(r.event_id),
    event:
      r.eid === null || r.type === null || r.subject === null || r.summary === null || r.at === null
        ? null
        : { id: Number(r.eid), type: r.type, subject: r.subject, summary: r.summary, at: r.at },
  };
}

/** Newest first. */
export async function listDeliveries(db: Kysely<Database>, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  if (filter.productIds.length === 0) return [];
  let q = deliveryQuery(db).where('d.product_id', 'in', filter.productIds);
  if (filter.state) q = q.where('d.state', '=', filter.state);
  if (filter.notifier) q = q.where('d.notifier', '=', filter.notifier);
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.event_id', 'desc').orderBy('d.notifier').limit(filter.limit).execute();
  return rows.map(toDeliveryRow);
}

export async function findDelivery(db: Kysely<Database>, id: string): Promise<DeliveryRow | null> {
  const row = await deliveryQuery(db).where('d.id', '=', id).executeTakeFirst();
  return row ? toDeliveryRow(row) : null;
}

/** Counts by state per notifier of the given products. */
export async function countDeliveries(db: Kysely<Database>, productIds: string[]): Promise<Map<string, Record<DeliveryState, number>>> {
  const counts = new Map<string, Record<DeliveryState, number>>();
  if (productIds.length === 0) return counts;
  const rows = await db
    .selectFrom('deliveries')
    .select(['product_id', 'notifier', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('product_id', 'in', productIds)
    .groupBy(['product_id', 'notifier', 'state'])
    .execute();
  for (const r of rows) {
    const key = notifierKey(r.product_id, r.notifier);
    const entry = counts.get(key) ?? { pending: 0, delivered: 0, failed: 0 };
    entry[r.state] = Number(r.n);
    counts.set(key, entry);
  }
  return counts;
}

/** The error of the notifier's newest delivery still not delivered, if it has one. */
export async function lastUndeliveredError(db: Kysely<Database>, productId: string, notifier: string): Promise<string | null> {
  const row = await db
    .selectFrom('deliveries')
    .select('last_error')
    .where('product_id', '=', productId)
    .where('notifier', '=', notifier)
    .where('state', '!=', 'delivered')
    .where('last_error', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('event_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.last_error ?? null;
}

export function notifierKey(productId: string, notifier: string): string {
  return `${productId}\u0000${notifier}`;
}

/** A fresh round of attempts from now, unless it was delivered or is being sent right now. */
export async function resetForRetry(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
