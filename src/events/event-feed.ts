import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import { latestEventId, listEvents } from './event-store.ts';
import type { EventRecord } from './event-types.ts';

/**
 * New events for live subscribers (the dashboard's stream, chat later). One
 * poll of the event table per server, however many subscribers, so events
 * written by any server reach every subscriber within `pollMs`. Recent events
 * are kept in memory; a subscriber resuming from further back is served from
 * the database first.
 */
export interface EventFeed {
  /** Delivers every event after `after`, in id order, then each new one; answers the unsubscribe function. */
  subscribe(after: number, deliver: (events: EventRecord[]) => void): () => void;
  /** Called when the server stops, so open streams can end; answers the function that unregisters it. */
  onClose(fn: () => void): () => void;
  close(): void;
}

const PAGE = 500;
const KEEP = 2000;
/** Longer than the transactions that write events take to commit; a rolled-back id delays the feed this long, once. */
const GAP_GRACE_MS = 3000;

interface Subscriber {
  cursor: number;
  deliver: (events: EventRecord[]) => void;
  /** Catching up from the database: the buffer waits for it. */
  busy: boolean;
}

export function createEventFeed(db: Kysely<Database>, options: { pollMs: number; logger: Logger }): EventFeed {
  const subscribers = new Set<Subscriber>();
  const closers = new Set<() => void>();
  let recent: EventRecord[] = [];
  let head: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;
  let closed = false;
  /** The first missing id after the head, and since when it has been missing. */
  let gap: { id: number; since: number } | null = null;

  async function poll(): Promise<void> {
    if (polling || closed) return;
    polling = true;
    try {
      head ??= await latestEventId(db);
      for (;;) {
        const page = await listEvents(db, { after: head, limit: PAGE });
        const settled = settledPrefix(page);
        if (settled.length > 0) {
          recent = [...recent, ...settled].slice(-KEEP);
          head = settled[settled.length - 1]!.id;
        }
        if (settled.length < PAGE) break;
      }
      for (const subscriber of subscribers) void serve(subscriber);
    } catch (error) {
      if (!closed) options.logger.warn({ err: error }, 'the event feed could not read new events; it tries again');
    } finally {
      polling = false;
    }
  }

  /**
   * The events of `page` that may be handed on. On PostgreSQL an id is taken
   * when the event is inserted, not when it commits, so a later id can be
   * read while an earlier one is still uncommitted: reading past it would
   * lose it for good. Events stop at a missing id until it shows up, or for
   * GAP_GRACE_MS at most (a rolled-back insert leaves its id missing forever).
   * SQLite's ids have no gaps.
   */
  function settledPrefix(page: EventRecord[]): EventRecord[] {
    let expected = head! + 1;
    let count = 0;
    for (const event of page) {
      if (event.id !== expected) {
        if (gap?.id !== expected) gap = { id: expected, since: Date.now() };
        if (Date.now() - gap.since < GAP_GRACE_MS) break;
      }
      expected = event.id + 1;
      count++;
    }
    return page.slice(0, count);
  }

  /** Brings one subscriber up to the head: from memory when it can, else from the database. */
  async function serve(subscriber: Subscriber): Promise<void> {
    if (subscriber.busy || !subscribers.has(subscriber)) return;
    subscriber.busy = true;
    try {
      const oldest = () => recent[0]?.id ?? (head ?? 0) + 1;
      while (subscribers.has(subscriber) && subscriber.cursor < oldest() - 1) {
        const page = await listEvents(db, { after: subscriber.cursor, limit: PAGE });
        if (page.length === 0) break;
        send(subscriber, page);
      }
      send(subscriber, recent.filter((e) => e.id > subscriber.cursor));
    } catch (error) {
      options.logger.warn({ err: error }, 'a live event subscriber could not catch up; it is served on the next poll');
    } finally {
      subscriber.busy = false;
    }
  }

  function send(subscriber: Subscriber, events: EventRecord[]): void {
    const fresh = events.filter((e) => e.id > subscriber.cursor);
    if (fresh.length === 0 || !subscribers.has(subscriber)) return;
    subscriber.cursor = fresh[fresh.length - 1]!.id;
    subscriber.deliver(fresh);
  }

  return {
    subscribe(after, deliver) {
      const subscriber: Subscriber = { cursor: after, deliver, busy: false };
      subscribers.add(subscriber);
      timer ??= setInterval(() => void poll(), options.pollMs);
      void poll().then(() => serve(subscriber));
      return () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0 && timer) {
          // Idle: stop polling, and start from the latest event next time rather than replaying the gap.
          clearInterval(timer);
          timer = null;
          head = null;
          gap = null;
          recent = [];
        }
      };
    },
    onClose(fn) {
      closers.add(fn);
      return () => closers.delete(fn);
    },
    close() {
      closed = true;
      for (const fn of [...closers]) fn();
      closers.clear();
      subscribers.clear();
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
