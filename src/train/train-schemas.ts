import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { TRAIN_STEPS } from './train-types.ts';
import { TRAIN_STEP_STATES } from './train-view.ts';

export const FreezeBody = Type.Object({ from: Type.String(), to: Type.String(), reason: Type.String() });

/** The train as the product file defines it (TrainSpec). */
export const TrainSpecBody = Type.Object({
  ring: Type.String(),
  timezone: Type.String({ description: 'IANA time zone of the crons' }),
  cut: Type.String({ description: 'cron: when a train day starts and its candidate is cut' }),
  vote: Type.String({ description: 'cron: the Go/No-Go opens at its first tick after the cut' }),
  deploy: Type.String({ description: 'cron: the release is promoted at its first tick after the vote' }),
  bump: Type.Union([Type.Literal('major'), Type.Literal('minor'), Type.Literal('patch')]),
  branch: Type.String(),
  graceSeconds: Type.Integer({ description: 'how late a step may still run' }),
  freezes: Type.Array(FreezeBody),
});

export const TrainStepBody = Type.Object({
  step: Type.Enum(TRAIN_STEPS),
  dueAt: Type.String(),
  state: Type.Enum(TRAIN_STEP_STATES, { description: 'waiting: not run yet, and still may; skipped: will not run (frozen, missed, nothing cut, due before the product existed)' }),
  outcome: Type.String({ description: 'what happened, or why not, or when it is due' }),
  version: Nullable(Type.String()),
});

export const TrainDayBody = Type.Object({
  day: Type.String({ description: "the day's cut instant, its key" }),
  steps: Type.Array(TrainStepBody),
});

export const TrainBody = Type.Object({
  train: Nullable(TrainSpecBody),
  timezone: Type.String({ description: "the train's zone (UTC without a train)" }),
  frozen: Nullable(Type.Object({ reason: Type.String(), until: Type.String() })),
  today: Nullable(TrainDayBody),
  next: Nullable(Type.Object({ cutAt: Type.String(), voteAt: Nullable(Type.String()), deployAt: Nullable(Type.String()) })),
  recent: Type.Array(TrainDayBody, { description: 'the days before today with a record, newest first (at most 10)' }),
});
