import type { RolloutSpec } from '../products/product-spec.ts';
import type { RolloutState } from '../releases/release-types.ts';

/** A promotion moves a release into a ring; a rollback puts targets of a ring back on their last known-good release. */
export const ROLLOUT_KINDS = ['promotion', 'rollback'] as const;
export type RolloutKind = (typeof ROLLOUT_KINDS)[number];

export interface Rollout {
  id: string;
  product: string;
  /** The release promoted, or, for a rollback, the release rolled back. */
  version: string;
  ring: string;
  kind: RolloutKind;
  state: RolloutState;
  waves: number;
  /** 0-based; deployments of waves up to this one may run. */
  currentWave: number;
  /** While pausing between waves: when the next wave starts. */
  nextWaveAt: string | null;
  failures: number;
  /** The ring's rollout policy as it was when the rollout started. */
  policy: RolloutSpec;
  reason: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface RolloutsTable {
  id: string;
  product_id: string;
  release_id: string;
  ring: string;
  kind: string;
  state: string;
  waves: number;
  current_wave: number;
  next_wave_at: string | null;
  failures: number;
  policy: string;
  reason: string | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
}

export interface RolloutTables {
  rollouts: RolloutsTable;
}
