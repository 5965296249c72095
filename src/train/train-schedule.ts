/**
 * The release train's calendar. Each `cut` tick (cron in the train's zone)
 * starts a train day, keyed by that instant; the day's vote is the first
 * `vote` tick at or after the cut, its deploy the first `deploy` tick at or
 * after the vote. A step belongs to the day only if it comes before the next
 * day's cut. A step is due from its time for `graceSeconds` (never past the
 * next cut); after that, until the next cut, it is missed.
 *
 * Pure: time is passed in, as epoch milliseconds. Ticks follow croner (and
 * window-schedule.ts) at DST changes.
 */
import { Cron } from 'croner';
import { freezeAt, windowSchedule } from '../gates/window-schedule.ts';
import type { TrainSpec } from '../products/product-spec.ts';
import { TRAIN_STEPS, type TrainStep } from './train-types.ts';

export interface TrainDay {
  /** The day's key: its cut instant, ISO-8601. */
  day: string;
  cutAt: number;
  /** null: the vote cron does not tick before the next cut, so the day has no vote. */
  voteAt: number | null;
  deployAt: number | null;
  /** When the next day starts; null if the cut cron never ticks again. */
  nextCutAt: number | null;
}

export interface Freeze {
  reason: string;
  until: number;
}

/** waiting: not yet; due: run it now; missed: its grace passed, the day is not over; none: the day has no such step. */
export type StepTiming = 'none' | 'waiting' | 'due' | 'missed';

export interface PlannedStep {
  step: TrainStep;
  dueAt: number | null;
  timing: StepTiming;
  /** The freeze covering the step's due time, if any: a frozen step is skipped. */
  frozen: Freeze | null;
}

export interface TrainCalendar {
  /** The train day `at` falls in: the latest cut at or before it. */
  dayAt(at: number): TrainDay | null;
  /** The first train day starting after `at`. */
  dayAfter(at: number): TrainDay | null;
  freezeAt(at: number): Freeze | null;
  /** What each step of `day` should do at `now`, in step order. */
  plan(day: TrainDay, now: number): PlannedStep[];
}

/** Throws when a cron or the zone is invalid (the product file checks them before they get here). */
export function trainCalendar(spec: TrainSpec): TrainCalendar {
  const ticks = (cron: string) => windowSchedule({ cron, timezone: spec.timezone, durationSeconds: 0 }, spec.freezes);
  const cut = ticks(spec.cut);
  const vote = ticks(spec.vote);
  const deploy = ticks(spec.deploy);
  // Backwards search is croner's own; `previousRuns` excludes the reference, hence the millisecond.
  const cutJob = new Cron(spec.cut, { paused: true, timezone: spec.timezone, mode: '5-part' });
  const graceMs = spec.graceSeconds * 1_000;

  const atOrAfter = (schedule: typeof cut, at: number) => schedule.tickAfter(at - 1);

  function dayOf(cutAt: number): TrainDay {
    const nextCutAt = cut.tickAfter(cutAt);
    const before = (at: number | null) => (at !== null && (nextCutAt === null || at < nextCutAt) ? at : null);
    const voteAt = before(atOrAfter(vote, cutAt));
    const deployAt = before(atOrAfter(deploy, voteAt ?? cutAt));
    return { day: new Date(cutAt).toISOString(), cutAt, voteAt, deployAt, nextCutAt };
  }

  function freeze(at: number): Freeze | null {
    const found = freezeAt(cut, at);
    return found === undefined ? null : { reason: found.reason, until: found.to };
  }

  return {
    dayAt(at) {
      const [latest] = cutJob.previousRuns(1, new Date(at + 1));
      return latest === undefined ? null : dayOf(latest.getTime());
    },
    dayAfter(at) {
      const next = cut.tickAfter(at);
      return next === null ? null : dayOf(next);
    },
    freezeAt: freeze,
    plan(day, now) {
      const dayEnds = day.nextCutAt ?? Infinity;
      return TRAIN_STEPS.map((step) => {
        const dueAt = step === 'cut' ? day.cutAt : step === 'vote' ? day.voteAt : day.deployAt;
        let timing: StepTiming = 'none';
        if (dueAt !== null) timing = now < dueAt ? 'waiting' : now < Math.min(dueAt + graceMs, dayEnds) ? 'due' : 'missed';
        return { step, dueAt, timing, frozen: dueAt === null ? null : freeze(dueAt) };
      });
    },
  };
}
