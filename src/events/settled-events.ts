import type { EventRecord } from './event-types.ts';

/** Longer than the transactions that write events take to commit; a rolled-back id delays a reader this long, once. */
export const GAP_GRACE_MS = 3000;

/**
 * For readers that follow the event log by id (the live feed, the
 * notification fan-out). On PostgreSQL an id is taken when the event is
 * inserted, not when it commits, so a later id can be read while an earlier
 * one is still uncommitted: reading past it would lose it for good. A reader
 * stops at a missing id until it shows up, or for the grace at most (a
 * rolled-back insert leaves its id missing forever). SQLite's ids have no gaps.
 *
 * The grace is real elapsed time (commit latency), not the injected clock,
 * which tests stop.
 */
export interface GapWatch {
  /** The leading events of `page` (read after `head`, in id order) that may be handed on. */
  settled(head: number, page: readonly EventRecord[]): EventRecord[];
  /** Forgets the gap being waited at (a reader starting afresh). */
  reset(): void;
}

export function createGapWatch(options: { graceMs?: number; now?: () => number } = {}): GapWatch {
  const graceMs = options.graceMs ?? GAP_GRACE_MS;
  const now = options.now ?? (() => performance.now());
  /** The first missing id after the head, and since when it has been missing. */
  let gap: { id: number; since: number } | null = null;
  return {
    settled(head, page) {
      let expected = head + 1;
      let count = 0;
      for (const event of page) {
        if (event.id !== expected) {
          if (gap?.id !== expected) gap = { id: expected, since: now() };
          if (now() - gap.since < graceMs) break;
        }
        expected = event.id + 1;
        count++;
      }
      return page.slice(0, count);
    },
    reset() {
      gap = null;
    },
  };
}
