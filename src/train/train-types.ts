export const TRAIN_STEPS = ['cut', 'vote', 'deploy'] as const;
export type TrainStep = (typeof TRAIN_STEPS)[number];

/** Window announcements share the table (claimed once across servers): keyed by the window's start as `day`. */
export type WindowStep = `window-open:${string}` | `window-close:${string}`;
export type TrainRunStep = TrainStep | WindowStep;

/** running: leased by a server; done: did its work; skipped: frozen, missed or nothing to do; failed: tried and could not. */
export const TRAIN_RUN_STATES = ['running', 'done', 'skipped', 'failed'] as const;
export type TrainRunState = (typeof TRAIN_RUN_STATES)[number];

/** One step of one train day, claimed once for all servers (unique product, day, step). */
export interface TrainRunsTable {
  id: string;
  product_id: string;
  /** The train day's cut instant, ISO-8601: the day's key. */
  day: string;
  step: TrainRunStep;
  due_at: string;
  state: TrainRunState;
  /** The release the day cut (and voted on and deployed). */
  version: string | null;
  /** What happened, or why not, in one sentence. */
  outcome: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface TrainTables {
  train_runs: TrainRunsTable;
}
