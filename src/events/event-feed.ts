import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import { latestEventId, listEvents } from './event-store.ts';
import type { EventRecord } from './event-types.ts';
import { createGapWatch } from './settled-events.ts';

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
  // Stops at an id that is missing (PostgreSQL commits out of id order) until it shows up or its grace is over.
  const gaps = createGapWatch();

  async function poll(): Promise<void> {
    if (polling || closed) return;
    polling = true;
    try {
      head ??= await latestEventId(db);
      for (;;) {
        const page = await listEvents(db, { after: head, limit: PAGE });
        const settled = gaps.settled(head, page);
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
          gaps.reset();
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
