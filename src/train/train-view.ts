/**
 * Where a product's train stands, for GET /api/products/{p}/train, the CLI and
 * the dashboard: today's steps (recorded runs, or what is still to come), the
 * next day's times, an active freeze and the recent days. Pure.
 */
import type { TrainSpec } from '../products/product-spec.ts';
import { trainCalendar } from './train-schedule.ts';
import { TRAIN_STEPS, type TrainRunState, type TrainRunsTable, type TrainStep } from './train-types.ts';
import { missedOutcome } from './train-words.ts';
import { zonedTime } from './zoned-time.ts';

/** A run's state, or `waiting` for a step not run yet. */
export const TRAIN_STEP_STATES = ['waiting', 'running', 'done', 'skipped', 'failed'] as const;

export interface TrainStepView {
  step: TrainStep;
  dueAt: string;
  state: TrainRunState | 'waiting';
  outcome: string;
  version: string | null;
}

export interface TrainDayView {
  /** The day's cut instant: its key. */
  day: string;
  steps: TrainStepView[];
}

export interface TrainView {
  train: TrainSpec | null;
  /** The train's zone (UTC without a train): the times to show. */
  timezone: string;
  frozen: { reason: string; until: string } | null;
  today: TrainDayView | null;
  next: { cutAt: string; voteAt: string | null; deployAt: string | null } | null;
  /** The days before today with a record, newest first. */
  recent: TrainDayView[];
}

const iso = (at: number) => new Date(at).toISOString();
const isTrainStep = (step: string): step is TrainStep => (TRAIN_STEPS as readonly string[]).includes(step);

function recorded(row: TrainRunsTable): TrainStepView {
  return { step: row.step as TrainStep, dueAt: row.due_at, state: row.state, outcome: row.state === 'running' ? 'running now' : row.outcome, version: row.version };
}

/**
 * `runs` are the product's train runs of today and the recent days (window
 * announcements are left out here); `since`, when the product was created:
 * steps due before it were never the train's to run.
 */
export function trainView(train: TrainSpec | null, runs: readonly TrainRunsTable[], now: Date, since = -Infinity): TrainView {
  const byDay = new Map<string, TrainRunsTable[]>();
  for (const run of runs) if (isTrainStep(run.step)) byDay.set(run.day, [...(byDay.get(run.day) ?? []), run]);
  const order = (a: TrainRunsTable, b: TrainRunsTable) => TRAIN_STEPS.indexOf(a.step as TrainStep) - TRAIN_STEPS.indexOf(b.step as TrainStep);
  const dayOfRuns = (day: string): TrainDayView => ({ day, steps: (byDay.get(day) ?? []).toSorted(order).map(recorded) });

  if (train === null) {
    const recent = [...byDay.keys()].sort().reverse().slice(0, 10).map(dayOfRuns);
    return { train, timezone: 'UTC', frozen: null, today: null, next: null, recent };
  }

  const calendar = trainCalendar(train);
  const nowMs = now.getTime();
  const day = calendar.dayAt(nowMs);
  const tz = train.timezone;
  let today: TrainDayView | null = null;
  if (day !== null) {
    const runsToday = new Map((byDay.get(day.day) ?? []).map((r) => [r.step, r]));
    const steps = calendar.plan(day, nowMs).flatMap((planned): TrainStepView[] => {
      if (planned.dueAt === null) return [];
      const run = runsToday.get(planned.step);
      if (run !== undefined) return [recorded(run)];
      const dueAt = planned.dueAt;
      // A step that will never run is shown skipped, not waiting, even before the runner records a missed one.
      if (dueAt < since) return [{ step: planned.step, dueAt: iso(dueAt), state: 'skipped', outcome: 'not run: due before the product was created', version: null }];
      if (planned.timing === 'missed') {
        const outcome = missedOutcome(dueAt, Math.min(dueAt + train.graceSeconds * 1_000, day.nextCutAt ?? Infinity), tz);
        return [{ step: planned.step, dueAt: iso(dueAt), state: 'skipped', outcome, version: null }];
      }
      const outcome = planned.timing === 'waiting' ? `at ${zonedTime(dueAt, tz)} ${tz}` : 'due now';
      return [{ step: planned.step, dueAt: iso(dueAt), state: 'waiting', outcome, version: null }];
    });
    today = { day: day.day, steps };
  }
  const nextDay = calendar.dayAfter(nowMs);
  const freeze = calendar.freezeAt(nowMs);
  return {
    train,
    timezone: tz,
    frozen: freeze === null ? null : { reason: freeze.reason, until: iso(freeze.until) },
    today,
    next: nextDay === null ? null : { cutAt: iso(nextDay.cutAt), voteAt: nextDay.voteAt === null ? null : iso(nextDay.voteAt), deployAt: nextDay.deployAt === null ? null : iso(nextDay.deployAt) },
    recent: [...byDay.keys()].filter((d) => d !== day?.day && d < (day?.day ?? '\uffff')).sort().reverse().slice(0, 10).map(dayOfRuns),
  };
}
