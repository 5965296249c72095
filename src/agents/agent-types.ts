/**
 * Pull delivery: what an agent on a pull target is told to install (the
 * manifest), what it reports back, and the tables that remember it.
 */
import type { DeploymentKind, DeploymentState, DeploymentStep, StepState } from '../deployments/deployment-types.ts';

/** One component to install, in dependency order within the manifest. */
export interface ManifestComponent {
  name: string;
  version: string;
  /** <component>-<major>-<minor>-<patch>-<short sha> */
  artifact: string;
  commit: string;
  branch: string;
  /** Kind → reference, e.g. { image: 'registry/api:1.4.0' }. */
  artifacts: Record<string, string>;
  dependsOn: string[];
}

/**
 * Everything an agent needs to install one deployment without asking again:
 * the release's components in dependency order, the commands of the product
 * file for this target, and the target's configuration (secret values in
 * plain text: this goes only to the target's own agent, or into its bundle).
 */
export interface Manifest {
  product: string;
  /** The release version this deployment puts on the target. */
  release: string;
  ring: string;
  target: string;
  deployment: string;
  kind: DeploymentKind;
  components: ManifestComponent[];
  commands: { install: string | null; verify: string | null; rollback: string | null; timeoutSeconds: number };
  config: Record<string, string>;
  /** Names of the config values that are secret: the agent masks their values in logs. */
  secretConfig: string[];
}

/** What the server wants a pull target to do now. */
export interface DesiredDeployment {
  id: string;
  kind: DeploymentKind;
  version: string;
  ring: string;
  state: Extract<DeploymentState, 'pending' | 'running' | 'skipped'>;
  attempts: number;
  /** Set while the target's maintenance window is shut: the agent must not start before. */
  holdUntil: string | null;
  steps: DeploymentStep[];
  manifest: Manifest;
}

export interface DesiredState {
  /** Opaque; send it back as revision= and the server answers when it changes. */
  revision: string;
  product: string;
  target: string;
  /** What the server believes the target runs. */
  current: { version: string; since: string } | null;
  deployment: DesiredDeployment | null;
  /** How long the server holds a poll whose revision is current. */
  pollSeconds: number;
}

/** A step as an agent reports it: the server checks the transition and the dependency order. */
export interface StepReport {
  component: string;
  state: StepState;
  phase: 'deploy' | 'verify' | null;
  exitCode: number | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Log text in order; seq numbers come from the start answer's nextLogSeq, so a repeated report adds nothing twice. */
export interface LogReport {
  seq: number;
  text: string;
}

export const HEALTH_STATES = ['healthy', 'unhealthy', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface ProgressReport {
  attempt: number;
  steps: StepReport[];
  log: LogReport[];
}

export interface FinishReport extends ProgressReport {
  state: 'succeeded' | 'failed';
  error: string | null;
  health: { state: HealthState; detail: string };
}

export interface StartAnswer {
  attempt: number;
  /** The steps as recorded: a resumed install skips those that succeeded. */
  steps: DeploymentStep[];
  nextLogSeq: number;
}

/** How a target's agent stands, for the fleet views. */
export interface AgentStatus {
  version: string | null;
  hostname: string | null;
  lastContactAt: string | null;
  reachable: boolean;
  health: HealthState | null;
  healthDetail: string | null;
}

export interface AgentsTable {
  product_id: string;
  target: string;
  token_id: string | null;
  agent_version: string | null;
  hostname: string | null;
  last_contact_at: string | null;
  health: string | null;
  health_detail: string | null;
  health_at: string | null;
}

export interface EnrolmentCodesTable {
  id: string;
  hash: string;
  product_id: string;
  target: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  token_id: string | null;
}

export interface AgentTables {
  agents: AgentsTable;
  enrolment_codes: EnrolmentCodesTable;
}
