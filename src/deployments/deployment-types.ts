import type { DeliveryMode } from '../products/product-spec.ts';

/**
 * skipped: a pull target was unreachable and its ring's policy says `unreachable: skip`;
 * the rollout goes on without it, and its agent gets the release when it calls in again.
 */
export const DEPLOYMENT_STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'skipped'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** deploy: a release onto a target; rollback: the target's last known-good release back onto it. */
export const DEPLOYMENT_KINDS = ['deploy', 'rollback'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

export const STEP_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** One component of a deployment: its deploy command, then its verify command. */
export interface DeploymentStep {
  component: string;
  version: string;
  artifact: string;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
  /** Which command ended the step: its deploy or its verify. */
  phase: 'deploy' | 'verify' | null;
  exitCode: number | null;
  /** Why it failed, in one line (exit code, timeout, signal). */
  error: string | null;
}

export interface Deployment {
  id: string;
  rolloutId: string;
  product: string;
  /** The release this deployment puts on the target. */
  version: string;
  ring: string;
  target: string;
  delivery: DeliveryMode;
  kind: DeploymentKind;
  wave: number;
  state: DeploymentState;
  steps: DeploymentStep[];
  attempts: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface LogChunk {
  seq: number;
  at: string;
  text: string;
}

export interface DeploymentsTable {
  id: string;
  rollout_id: string;
  product_id: string;
  release_id: string;
  ring: string;
  target: string;
  delivery: string;
  kind: string;
  wave: number;
  seq: number;
  state: string;
  steps: string;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Offline bundles: the encrypted key the site signs its result file with. */
  offline_key: string | null;
}

export interface DeploymentLogsTable {
  deployment_id: string;
  seq: number;
  at: string;
  text: string;
}

export interface TargetStatesTable {
  product_id: string;
  target: string;
  /** The release the target runs: its last successful deployment's. */
  release_id: string | null;
  since: string | null;
  last_deployment_id: string | null;
  last_state: string | null;
  /** The deployment holding the target, until when: no other may start meanwhile. */
  holder: string | null;
  held_until: string | null;
}

export interface DeploymentTables {
  deployments: DeploymentsTable;
  deployment_logs: DeploymentLogsTable;
  target_states: TargetStatesTable;
}
