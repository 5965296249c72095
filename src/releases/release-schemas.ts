import Type from 'typebox';
import { BuildBody } from '../builds/build-schemas.ts';
import { GATE_STATUSES } from '../gates/gate-types.ts';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import { CHANNELS, RELEASE_STATES, ROLLOUT_STATES } from './release-types.ts';

const NAME = { pattern: '^[a-z][a-z0-9-]{0,62}$' };
/** Semver's own check runs in the service; this bounds the size and alphabet. */
const VERSION = { minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z.+-]+$', description: 'a semantic version, like 2.3.0 or 2.4.0-rc.1' };

export const ReleaseParams = Type.Object({ ...ProductParams.properties, version: Type.String(VERSION) });

export const RingProgressBody = Type.Object({
  ring: Type.String(),
  state: Nullable(Type.Enum(ROLLOUT_STATES)),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  failures: Type.Integer(),
});

export const ReleaseBody = Type.Object({
  product: Type.String(),
  version: Type.String(),
  state: Type.Enum(RELEASE_STATES),
  channel: Type.Enum(CHANNELS),
  baseVersion: Nullable(Type.String()),
  blessedAt: Nullable(Type.String()),
  stateReason: Nullable(Type.String()),
  stateBy: Nullable(Type.String()),
  stateAt: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  builds: Type.Array(BuildBody),
  rings: Type.Array(RingProgressBody),
});

export const GateVerdictBody = Type.Object({
  gate: Type.String(),
  kind: Type.String(),
  status: Type.Enum(GATE_STATUSES),
  reason: Type.String(),
  opensAt: Type.Optional(Type.String()),
});

/** Whether the release may enter a ring now, and why not. */
export const RingCheckBody = Type.Object({
  ring: Type.String(),
  /** Null when the ring order allows entering; otherwise why not (an earlier ring not yet succeeded). */
  order: Nullable(Type.String()),
  verdicts: Type.Array(GateVerdictBody),
  ready: Type.Boolean({ description: 'order allows it and every gate passes' }),
});

export const ApprovalBody = Type.Object({
  ring: Type.String(),
  user: Type.String(),
  roles: Type.Array(Type.String()),
  comment: Type.String(),
  at: Type.String(),
});

export const ReleaseDetailBody = Type.Object({
  ...ReleaseBody.properties,
  /** The gates of the next ring the release may enter, when there is one. */
  next: Nullable(RingCheckBody),
  approvals: Type.Array(ApprovalBody),
});

export const CreateReleaseBody = Type.Object(
  {
    version: Type.String(VERSION),
    builds: Type.Optional(
      Type.Record(Type.String(NAME), Type.String(VERSION), { description: 'component → build version; with `from`, the components to replace', maxProperties: 200 }),
    ),
    latest: Type.Optional(Type.Boolean({ description: 'take the latest green build of every component not named in `builds`' })),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'the branch `latest` looks at (default main)' })),
    from: Type.Optional(Type.String({ ...VERSION, description: 'cut a hotfix from this release, replacing the components named in `builds`' })),
    draft: Type.Optional(Type.Boolean({ description: 'create a draft, promotable only once marked a candidate' })),
  },
  { additionalProperties: false },
);

export const CreateReleaseOutcomeBody = Type.Object({
  release: ReleaseBody,
  outcome: Type.Union([Type.Literal('created'), Type.Literal('unchanged')]),
});

export const ReleaseQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(RELEASE_STATES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    before: Type.Optional(Type.String({ ...VERSION, description: 'page: releases created before this one' })),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const OptionalReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const ApproveBody = Type.Object(
  { ring: Type.String({ ...NAME, maxLength: 63 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const GatesQuery = Type.Object({ ring: Type.String({ ...NAME, maxLength: 63 }) }, { additionalProperties: false });
