import type { Clock } from '../../src/platform/clock.ts';

/** A clock tests move by hand; it stands still otherwise. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(iso: string): void;
}

export function createTestClock(startIso = '2026-11-23T09:00:00.000Z'): TestClock {
  let now = new Date(startIso).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => void (now += ms),
    set: (iso) => void (now = new Date(iso).getTime()),
  };
}
