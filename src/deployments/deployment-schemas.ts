import Type from 'typebox';
import { MAX_OFFSET, Nullable } from '../platform/http/schema-helpers.ts';
import { DELIVERY_MODES } from '../products/product-spec.ts';
import { DEPLOYMENT_KINDS, DEPLOYMENT_STATES, STEP_STATES } from './deployment-types.ts';

export const StepBody = Type.Object({
  component: Type.String(),
  version: Type.String(),
  artifact: Type.String(),
  state: Type.Enum(STEP_STATES),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  phase: Nullable(Type.Union([Type.Literal('deploy'), Type.Literal('verify')])),
  exitCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
});

export const DeploymentBody = Type.Object({
  id: Type.String(),
  rolloutId: Type.String(),
  product: Type.String(),
  version: Type.String({ description: 'the release this deployment puts on the target' }),
  ring: Type.String(),
  target: Type.String(),
  delivery: Type.Enum(DELIVERY_MODES),
  kind: Type.Enum(DEPLOYMENT_KINDS),
  wave: Type.Integer(),
  state: Type.Enum(DEPLOYMENT_STATES),
  steps: Type.Array(StepBody),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  heldUntil: Nullable(
    Type.String({ description: "a deployment not started yet whose target's maintenance window is shut: when the window opens (ISO instant), or 'never'" }),
  ),
});

export const DeploymentQuery = Type.Object(
  {
    ring: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', maxLength: 63 })),
    state: Type.Optional(Type.Enum(DEPLOYMENT_STATES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

export const DeploymentPageBody = Type.Object({ deployments: Type.Array(DeploymentBody), total: Type.Integer() });

export const DeploymentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LogQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, description: 'answer chunks after this sequence number' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export const LogPageBody = Type.Object({
  chunks: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), text: Type.String() })),
  /** Pass as after= to continue; the log is complete once the deployment has finished and a page comes back short. */
  next: Type.Integer(),
  state: Type.Enum(DEPLOYMENT_STATES),
});
