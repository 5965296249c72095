import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { GateVerdictBody, ReleaseParams } from '../releases/release-schemas.ts';
import { VOTE_CHOICES } from './vote-types.ts';

export const VoteRingParams = Type.Object({ ...ReleaseParams.properties, ring: Type.String({ minLength: 1, maxLength: 100 }) });

export const BallotBody = Type.Object({
  role: Type.String(),
  user: Type.String(),
  vote: Type.Enum(VOTE_CHOICES),
  reason: Type.String(),
  at: Type.String(),
});

export const VoteRingBody = Type.Object({
  ring: Type.String(),
  roles: Type.Array(Type.String(), { description: 'the voting roles' }),
  holders: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'voting role → everyone who may vote as it (named in the product file, or holding it as their own role)' }),
  veto: Type.Array(Type.String(), { description: 'roles whose no-go stops the release' }),
  quorum: Type.Integer({ description: 'go votes needed' }),
  openedAt: Nullable(Type.String()),
  closesAt: Nullable(Type.String({ description: "when ballots stop counting: the round's closing time or the gate's deadline, whichever is first" })),
  openedBy: Nullable(Type.String()),
  decision: Nullable(Type.Enum(VOTE_CHOICES)),
  decisionReason: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  ballots: Type.Array(BallotBody, { description: 'every ballot, oldest first' }),
  latest: Type.Record(Type.String(), BallotBody, { description: 'role → the ballot that counts (its latest)' }),
  verdict: GateVerdictBody,
});

export const VotesBody = Type.Object({ rings: Type.Array(VoteRingBody) });

export const OpenVoteBody = Type.Object(
  { closesAt: Type.Optional(Type.String({ maxLength: 64, description: 'when ballots stop counting (ISO-8601, in the future); default: the gate deadline, if any' })) },
  { additionalProperties: false },
);

export const CastVoteBody = Type.Object(
  {
    vote: Type.Enum(VOTE_CHOICES),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why; required for a no-go' })),
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the voting role this ballot is for, when you hold several' })),
  },
  { additionalProperties: false },
);
