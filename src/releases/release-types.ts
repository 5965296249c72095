import type { Build } from '../builds/build-types.ts';

/**
 * draft → candidate → in-progress → blessed → done, or, from the way,
 * rejected, superseded or withdrawn. See release-lifecycle.ts for the rules.
 */
export const RELEASE_STATES = ['draft', 'candidate', 'in-progress', 'blessed', 'done', 'rejected', 'superseded', 'withdrawn'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export const CHANNELS = ['alpha', 'beta', 'stable'] as const;
export type Channel = (typeof CHANNELS)[number];

/** How far a release got in one ring: the state of its promotion there, if any. */
export const ROLLOUT_STATES = ['deploying', 'succeeded', 'halted', 'failed', 'cancelled', 'rolled-back'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** The subject of a release's events: `release/<product>/<version>`. */
export function releaseSubject(product: string, version: string): string {
  return `release/${product}/${version}`;
}

export interface RingProgress {
  ring: string;
  /** null: the release has not entered this ring. */
  state: RolloutState | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Failed deployments of this release in the ring. */
  failures: number;
}

export interface Release {
  id: string;
  product: string;
  version: string;
  state: ReleaseState;
  channel: Channel;
  /** The release a hotfix was cut from. */
  baseVersion: string | null;
  blessedAt: string | null;
  /** Why and by whom it was last moved (a rejection's reason, say). */
  stateReason: string | null;
  stateBy: string | null;
  stateAt: string;
  createdBy: string;
  createdAt: string;
  /** The bill of materials: one build per component, in deployment order. */
  builds: Build[];
  /** One entry per ring of the product, in ring order. */
  rings: RingProgress[];
}

export interface Approval {
  ring: string;
  user: string;
  /** The roles the approver held for the product when approving. */
  roles: string[];
  comment: string;
  at: string;
}

export interface ReleasesTable {
  id: string;
  product_id: string;
  version: string;
  state: string;
  base_version: string | null;
  blessed_at: string | null;
  state_reason: string | null;
  state_by: string | null;
  state_at: string;
  created_by: string;
  created_at: string;
  /** The product's ComponentSpec[] when the release was created (JSON), for runbooks; null before it was recorded. */
  components: string | null;
}

export interface ReleaseBuildsTable {
  release_id: string;
  component: string;
  build_id: string;
}

export interface ApprovalsTable {
  release_id: string;
  ring: string;
  user_name: string;
  roles: string;
  comment: string;
  at: string;
}

export interface ReleaseTables {
  releases: ReleasesTable;
  release_builds: ReleaseBuildsTable;
  approvals: ApprovalsTable;
}
