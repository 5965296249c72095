/**
 * The normalised product definition: what a product file means once parsed and
 * validated. Stored as is (secret values encrypted) and compared for `apply`.
 */

export const HOSTING_KINDS = ['internal', 'demo', 'hosted', 'on-prem'] as const;
export type HostingKind = (typeof HOSTING_KINDS)[number];

export const DELIVERY_MODES = ['push', 'pull'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface ComponentSpec {
  name: string;
  description: string;
  dependsOn: string[];
  /** Deploy and rollback notes, migrations, env vars: used by runbooks later. */
  metadata: Record<string, unknown>;
}

/** A recurring time window: starts at each cron tick in `timezone`, lasts `durationSeconds`. */
export interface WindowSpec {
  cron: string;
  timezone: string;
  durationSeconds: number;
}

export interface FreezeSpec {
  from: string; // ISO-8601 instant
  to: string;
  reason: string;
}

export type GateSpec =
  | { kind: 'quality'; testsFailedMax: number; coverageMin: number | null; vulnerabilitiesMax: Partial<Record<'critical' | 'high' | 'medium' | 'low', number>>; requiredStages: string[] }
  | { kind: 'soak'; seconds: number }
  | { kind: 'approval'; role: string; count: number }
  | { kind: 'blessed' }
  | { kind: 'window'; window: WindowSpec; freezes: FreezeSpec[] }
  | { kind: 'vote'; roles: string[]; veto: string[]; quorum: number; deadlineSeconds: number | null }
  | { kind: 'checklist'; roles: string[]; items: Record<string, ChecklistItemSpec[]> };

/** One line of a role's checklist; `evidence: required` wants a link or a file with the tick. */
export interface ChecklistItemSpec {
  id: string;
  text: string;
  required: boolean;
  evidence: 'optional' | 'required';
}

/**
 * The release train: each `cut` tick (cron in `timezone`) starts a train day;
 * its vote opens at the next `vote` tick and it deploys to `ring` at the next
 * `deploy` tick after that.
 */
export interface TrainSpec {
  ring: string;
  timezone: string;
  cut: string;
  vote: string;
  deploy: string;
  /** The candidate's version: the product's newest release version, bumped. */
  bump: 'major' | 'minor' | 'patch';
  /** The branch whose latest green builds are cut. */
  branch: string;
  /** How late a step may still run (a server down at 15:00 still cuts at 15:20). */
  graceSeconds: number;
  freezes: FreezeSpec[];
}

/** Event types a notifier is sent unless it names its own (`events:`). */
export const ANNOUNCEMENT_EVENTS = ['release.scheduled', 'vote.opened', 'vote.decided', 'window.opened', 'window.closed', 'train.stopped'] as const;

/** Who is told of what: `events` are event types, or prefixes like `rollout.*`. */
export type NotifierSpec =
  | { name: string; kind: 'webhook'; url: string; secret: ConfigValue | null; events: string[] }
  | { name: string; kind: 'email'; to: string[]; events: string[] };

/** A wave is a share of the ring's targets (percent) or a count of targets. */
export type WaveSpec = { percent: number } | { count: number };

export interface RolloutSpec {
  waves: WaveSpec[];
  pauseSeconds: number;
  haltOnFailures: number;
  autoPromote: boolean;
  autoRollback: boolean;
  /** What an unreachable pull target does to the ring: block it, or be skipped and retried. */
  unreachable: 'block' | 'skip';
}

export interface RingSpec {
  name: string;
  description: string;
  gates: GateSpec[];
  rollout: RolloutSpec;
}

/** A configuration value; secret ones carry the plain value only on the way in. */
export type ConfigValue = { value: string; secret: false } | { value: string; secret: true };

export interface DeploySpec {
  command: string | null;
  verify: string | null;
  rollback: string | null;
  timeoutSeconds: number;
}

export interface TargetSpec {
  name: string;
  ring: string;
  users: number;
  hosting: HostingKind;
  delivery: DeliveryMode;
  maintenanceWindow: WindowSpec | null;
  deploy: DeploySpec;
  config: Record<string, ConfigValue>;
  labels: Record<string, string>;
}

export interface ProductSpec {
  name: string;
  description: string;
  components: ComponentSpec[];
  rings: RingSpec[];
  targets: TargetSpec[];
  /** Role name → user names holding it for this product. */
  roles: Record<string, string[]>;
  train: TrainSpec | null;
  notifiers: NotifierSpec[];
}

export const DEFAULT_ROLLOUT: RolloutSpec = {
  waves: [{ percent: 100 }],
  pauseSeconds: 0,
  haltOnFailures: 1,
  autoPromote: false,
  autoRollback: false,
  unreachable: 'block',
};

export const DEFAULT_DEPLOY: DeploySpec = { command: null, verify: null, rollback: null, timeoutSeconds: 600 };
