/**
 * Recurring time windows: each tick of a cron (in its time zone) opens the
 * window for `durationSeconds` of real elapsed time, so an occurrence that
 * crosses a DST change lasts exactly its duration. Freezes keep it shut.
 *
 * Ticks come from croner, which follows Vixie cron at DST changes: a fixed
 * time that does not exist runs at the first valid time after the gap, one
 * that occurs twice runs once (at its first occurrence). Pure: time is passed in.
 */
import { Cron } from 'croner';
import type { FreezeSpec, WindowSpec } from '../products/product-spec.ts';

/** Instants are epoch milliseconds throughout. */
export interface WindowSchedule {
  /** The first tick strictly after `at`, or null if the cron never ticks again. */
  tickAfter(at: number): number | null;
  durationMs: number;
  freezes: { from: number; to: number; reason: string }[];
}

/** Throws when the cron or time zone is invalid (the product file checks both before they get here). */
export function windowSchedule(window: WindowSpec, freezes: readonly FreezeSpec[] = []): WindowSchedule {
  // Paused: the job only computes matches, nothing is ever scheduled.
  const job = new Cron(window.cron, { paused: true, timezone: window.timezone, mode: '5-part' });
  return {
    tickAfter(at) {
      let tick = job.nextRun(new Date(at));
      // croner works in whole seconds; never hand back a tick at or before `at`.
      while (tick !== null && tick.getTime() <= at) tick = job.nextRun(new Date(tick.getTime() + 1_000));
      return tick?.getTime() ?? null;
    },
    durationMs: window.durationSeconds * 1_000,
    freezes: freezes.map((f) => ({ from: Date.parse(f.from), to: Date.parse(f.to), reason: f.reason })),
  };
}

/** The earliest occurrence covering `at`: a tick t with t ≤ at < t + duration. */
function occurrenceAt(schedule: WindowSchedule, at: number): { start: number; end: number } | null {
  const start = schedule.tickAfter(at - schedule.durationMs);
  return start !== null && start <= at ? { start, end: start + schedule.durationMs } : null;
}

/** Whether an occurrence of the window covers `at` (freezes aside). */
export function occursAt(schedule: WindowSchedule, at: number): boolean {
  return occurrenceAt(schedule, at) !== null;
}

export function freezeAt(schedule: WindowSchedule, at: number): WindowSchedule['freezes'][number] | undefined {
  return schedule.freezes.find((f) => f.from <= at && at < f.to);
}

/** Occurrences chained before the end of an open stretch is reported as "at least". */
const MAX_CHAINED_OCCURRENCES = 1_440;

/**
 * When the open stretch covering `at` ends: overlapping or touching occurrences
 * chain, and the next freeze cuts it short. `exact` is false when a cron ticks
 * so often that the stretch was not followed to its end.
 */
export function openUntil(schedule: WindowSchedule, at: number): { end: number; exact: boolean } | null {
  const first = occurrenceAt(schedule, at);
  if (first === null || freezeAt(schedule, at) !== undefined) return null;
  let end = first.end;
  let tick = schedule.tickAfter(first.start);
  let chained = 0;
  while (tick !== null && tick <= end && chained < MAX_CHAINED_OCCURRENCES) {
    end = Math.max(end, tick + schedule.durationMs);
    tick = schedule.tickAfter(tick);
    chained++;
  }
  const exact = tick === null || tick > end;
  const freezeStart = Math.min(...schedule.freezes.filter((f) => f.from > at && f.from < end).map((f) => f.from));
  return freezeStart < end ? { end: freezeStart, exact: true } : { end, exact };
}

/**
 * The first instant at or after `from` when the window is open and no freeze
 * applies, if there is one before `until`. A freeze ending inside an occurrence
 * opens the window at the freeze's end; ticks inside freezes are skipped.
 */
export function nextOpening(schedule: WindowSchedule, from: number, until: number): number | null {
  let at = from;
  // Each step moves strictly forward, past a freeze or to a tick, so this ends.
  while (at <= until) {
    const freeze = freezeAt(schedule, at);
    if (freeze !== undefined) {
      at = freeze.to;
      continue;
    }
    if (occursAt(schedule, at)) return at;
    const tick = schedule.tickAfter(at);
    if (tick === null) return null;
    at = tick;
  }
  return null;
}
