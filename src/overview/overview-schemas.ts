import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { CHANNELS, RELEASE_STATES, ROLLOUT_STATES } from '../releases/release-types.ts';

export const OverviewCellBody = Type.Object({
  ring: Type.String(),
  /** The release's promotion in this ring; null when it has not entered it. */
  state: Nullable(Type.Enum(ROLLOUT_STATES)),
  total: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  running: Type.Integer(),
  pending: Type.Integer(),
  cancelled: Type.Integer(),
  /** Unreachable pull targets the ring went on without: their agents get the release when they call in. */
  skipped: Type.Integer(),
  currentWave: Nullable(Type.Integer()),
  waves: Nullable(Type.Integer()),
  /** Targets of this ring that run this release now, and their users: the release's blast radius there. */
  targetsOn: Type.Integer(),
  usersOn: Type.Integer(),
});

export const OverviewBody = Type.Object({
  product: Type.String(),
  rings: Type.Array(Type.Object({ name: Type.String(), targets: Type.Integer(), users: Type.Integer() })),
  releases: Type.Array(
    Type.Object({
      version: Type.String(),
      state: Type.Enum(RELEASE_STATES),
      channel: Type.Enum(CHANNELS),
      createdAt: Type.String(),
      cells: Type.Array(OverviewCellBody),
    }),
  ),
  /** Pass as before= for older releases; null on the last page. */
  next: Nullable(Type.String()),
});

export const OverviewQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z.+-]+$', description: 'a version: releases created before it' })),
  },
  { additionalProperties: false },
);
