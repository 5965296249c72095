import Type from 'typebox';
import { StepBody } from '../deployments/deployment-schemas.ts';
import { DEPLOYMENT_KINDS, STEP_STATES } from '../deployments/deployment-types.ts';
import { MAX_OFFSET, Nullable } from '../platform/http/schema-helpers.ts';
import { HEALTH_STATES } from './agent-types.ts';

/** Longest log text one report may carry; a runaway command is cut by the agent first. */
export const MAX_LOG_REPORT_CHARS = 256 * 1024;
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Name = Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', maxLength: 63 });

export const ManifestBody = Type.Object({
  product: Type.String(),
  release: Type.String(),
  ring: Type.String(),
  target: Type.String(),
  deployment: Type.String(),
  kind: Type.Enum(DEPLOYMENT_KINDS),
  components: Type.Array(
    Type.Object({
      name: Type.String(),
      version: Type.String(),
      artifact: Type.String(),
      commit: Type.String(),
      branch: Type.String(),
      artifacts: Type.Record(Type.String(), Type.String()),
      dependsOn: Type.Array(Type.String()),
    }),
  ),
  commands: Type.Object({ install: Nullable(Type.String()), verify: Nullable(Type.String()), rollback: Nullable(Type.String()), timeoutSeconds: Type.Integer() }),
  config: Type.Record(Type.String(), Type.String()),
  secretConfig: Type.Array(Type.String()),
});

export const DesiredStateBody = Type.Object({
  revision: Type.String(),
  product: Type.String(),
  target: Type.String(),
  current: Nullable(Type.Object({ version: Type.String(), since: Type.String() })),
  deployment: Nullable(
    Type.Object({
      id: Type.String(),
      kind: Type.Enum(DEPLOYMENT_KINDS),
      version: Type.String(),
      ring: Type.String(),
      state: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('skipped')]),
      attempts: Type.Integer(),
      holdUntil: Nullable(Type.String({ description: 'the maintenance window is shut until then: do not start before' })),
      steps: Type.Array(StepBody),
      manifest: ManifestBody,
    }),
  ),
  pollSeconds: Type.Integer(),
});

export const DesiredQuery = Type.Object(
  {
    revision: Type.Optional(Type.String({ maxLength: 200, description: 'the revision the agent has: the answer waits until it changes' })),
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, description: 'seconds to wait for a change (long poll); 0 answers at once' })),
  },
  { additionalProperties: false },
);

export const AgentDeploymentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const StepReportBody = Type.Object(
  {
    component: Type.String({ minLength: 1, maxLength: 63 }),
    state: Type.Enum(STEP_STATES),
    phase: Nullable(Type.Union([Type.Literal('deploy'), Type.Literal('verify')])),
    exitCode: Nullable(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
    error: Nullable(Type.String({ maxLength: 2000 })),
    startedAt: Nullable(Instant),
    finishedAt: Nullable(Instant),
  },
  { additionalProperties: false },
);

const LogReportBody = Type.Object(
  { seq: Type.Integer({ minimum: 1, maximum: MAX_OFFSET }), text: Type.String({ maxLength: MAX_LOG_REPORT_CHARS }) },
  { additionalProperties: false },
);

const progressProperties = {
  attempt: Type.Integer({ minimum: 1, maximum: MAX_OFFSET }),
  steps: Type.Array(StepReportBody, { maxItems: 500 }),
  log: Type.Array(LogReportBody, { maxItems: 100 }),
};

export const ProgressReportBody = Type.Object(progressProperties, { additionalProperties: false });

export const FinishReportBody = Type.Object(
  {
    ...progressProperties,
    state: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
    error: Nullable(Type.String({ maxLength: 2000 })),
    health: Type.Object({ state: Type.Enum(HEALTH_STATES), detail: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const StartAnswerBody = Type.Object({ attempt: Type.Integer(), steps: Type.Array(StepBody), nextLogSeq: Type.Integer() });

export const ReportAnswerBody = Type.Object({ state: Type.String({ description: "the deployment's state after the report" }) });

export const EnrolBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200 }),
    hostname: Type.Optional(Type.String({ maxLength: 253 })),
  },
  { additionalProperties: false },
);

export const EnrolAnswerBody = Type.Object({
  token: Type.String({ description: "the agent's own token: shown once, keep it secret" }),
  product: Type.String(),
  target: Type.String(),
  /** The server's public key (PEM) that signs offline bundles. */
  serverKey: Type.String(),
});

export const EnrolmentCodeParams = Type.Object({ product: Name, target: Name });

export const NewEnrolmentCodeBody = Type.Object(
  { expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600, description: 'default one day' })) },
  { additionalProperties: false },
);

export const EnrolmentCodeBody = Type.Object({
  code: Type.String({ description: 'one-time: give it to the agent (`ringmaster agent --enrol CODE`); shown once' }),
  product: Type.String(),
  target: Type.String(),
  expiresAt: Type.String(),
});

export const AgentStatusBody = Type.Object({
  version: Nullable(Type.String()),
  hostname: Nullable(Type.String()),
  lastContactAt: Nullable(Type.String()),
  reachable: Type.Boolean(),
  health: Nullable(Type.Enum(HEALTH_STATES)),
  healthDetail: Nullable(Type.String()),
});

export const ServerKeyBody = Type.Object({ publicKey: Type.String({ description: 'PEM (Ed25519 SPKI)' }), fingerprint: Type.String() });

/** Agents name their version in this header on every request. */
export const AGENT_VERSION_HEADER = 'x-ringmaster-agent-version';
