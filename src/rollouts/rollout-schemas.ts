import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { ROLLOUT_STATES } from '../releases/release-types.ts';
import { ROLLOUT_KINDS } from './rollout-types.ts';

const NAME = { pattern: '^[a-z][a-z0-9-]{0,62}$', maxLength: 63 };

export const TargetCountsBody = Type.Object({
  total: Type.Integer(),
  pending: Type.Integer(),
  running: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  cancelled: Type.Integer(),
  /** Unreachable pull targets the ring went on without: their agents get the release when they call in. */
  skipped: Type.Integer(),
});

export const RolloutBody = Type.Object({
  id: Type.String(),
  product: Type.String(),
  version: Type.String({ description: 'the release promoted, or for a rollback the release taken off' }),
  ring: Type.String(),
  kind: Type.Enum(ROLLOUT_KINDS),
  state: Type.Enum(ROLLOUT_STATES),
  waves: Type.Integer(),
  currentWave: Type.Integer({ description: '0-based' }),
  nextWaveAt: Nullable(Type.String()),
  failures: Type.Integer(),
  policy: Type.Object({}, { additionalProperties: true, description: 'the ring rollout policy when it started' }),
  reason: Nullable(Type.String()),
  startedBy: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  targets: TargetCountsBody,
});

export const PromoteBody = Type.Object({ ring: Type.String(NAME) }, { additionalProperties: false });

export const PromotionBody = Type.Object({ rollout: RolloutBody, retried: Type.Boolean() });

export const RollbackBody = Type.Object(
  {
    target: Type.Optional(Type.String(NAME)),
    ring: Type.Optional(Type.String(NAME)),
    release: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z.+-]+$' })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const RollbackOutcomeBody = Type.Object({
  rollout: RolloutBody,
  moves: Type.Array(Type.Object({ target: Type.String(), from: Type.String(), to: Type.String() })),
  skipped: Type.Array(Type.Object({ target: Type.String(), reason: Type.String() })),
});

export const RolloutParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
