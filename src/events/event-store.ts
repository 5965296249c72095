import { type Kysely, sql } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { EventRecord, NewEvent } from './event-types.ts';

/**
 * The append-only event log. Writers pass their transaction so the event
 * commits or rolls back with the change it records.
 */
export async function appendEvent(db: Kysely<Database>, at: string, event: NewEvent): Promise<EventRecord> {
  const data = event.data ?? {};
  const row = await db
    .insertInto('events')
    .values({ at, actor: event.actor, type: event.type, subject: event.subject, summary: event.summary, data: JSON.stringify(data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, at, actor: event.actor, type: event.type, subject: event.subject, summary: event.summary, data };
}

export interface EventQuery {
  /** Oldest first, from after this id. */
  after: number;
  /** Newest first instead, from before this id (Infinity: from the newest). */
  before?: number | undefined;
  limit: number;
  type?: string | undefined;
  subject?: string | undefined;
}

export async function listEvents(db: Kysely<Database>, query: EventQuery): Promise<EventRecord[]> {
  const newestFirst = query.before !== undefined;
  let q = db.selectFrom('events').selectAll().where('id', '>', query.after);
  if (newestFirst && Number.isFinite(query.before)) q = q.where('id', '<', query.before!);
  if (query.type) {
    // "release." matches every release event; "release.created" exactly that one.
    const prefix = query.type;
    q = prefix.endsWith('.') ? q.where(sql<string>`substr(type, 1, ${prefix.length})`, '=', prefix) : q.where('type', '=', prefix);
  }
  if (query.subject) q = q.where('subject', '=', query.subject);
  const rows = await q.orderBy('id', newestFirst ? 'desc' : 'asc').limit(query.limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), data: JSON.parse(r.data) as Record<string, unknown> }));
}

export async function latestEventId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}
