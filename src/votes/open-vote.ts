/**
 * Opening a Go/No-Go round, inside the caller's transaction: the vote service
 * (a person opening it) and the release train (at its vote time) both use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { voteClosesAt } from '../gates/vote-gate.ts';
import { InputError } from '../platform/errors/errors.ts';
import type { ProductShape } from '../products/product-store.ts';
import { releaseSubject, type ReleasesTable } from '../releases/release-types.ts';
import { gateOf } from './ring-named.ts';
import { insertRound } from './vote-store.ts';
import { openedSummary } from './vote-words.ts';

export interface OpenVoteArgs {
  product: ProductShape;
  release: ReleasesTable;
  ring: string;
  /** When ballots stop counting (the train's deploy time); null: at the gate's deadline, if any. */
  closesAt: string | null;
  actor: string;
  at: string;
}

/** Writes the round and its `vote.opened` event; a round already open is left as it is. */
export async function openVoteRound(db: Kysely<Database>, args: OpenVoteArgs): Promise<'opened' | 'already-open'> {
  const { product, release } = args;
  const ring = product.rings.find((r) => r.name === args.ring);
  const gate = ring && gateOf(ring, 'vote');
  if (!ring || !gate) throw new InputError(`ring ${args.ring} of ${product.name} has no Go/No-Go vote gate: there is no vote to open`, [{ field: 'ring', value: args.ring }]);
  const closesAt = args.closesAt === null ? null : new Date(args.closesAt).toISOString();
  const opened = await insertRound(db, {
    release_id: release.id,
    ring: ring.name,
    opened_by: args.actor,
    opened_at: args.at,
    closes_at: closesAt,
    decision: null,
    decision_reason: null,
    decided_at: null,
  });
  if (!opened) return 'already-open';
  const closes = voteClosesAt(gate, { openedAt: args.at, closesAt });
  await appendEvent(db, args.at, {
    actor: args.actor,
    type: 'vote.opened',
    subject: releaseSubject(product.name, release.version),
    summary: openedSummary(product.name, release.version, ring.name, gate, closes),
    data: {
      product: product.name,
      version: release.version,
      ring: ring.name,
      roles: gate.roles,
      veto: gate.veto,
      quorum: gate.quorum,
      openedAt: args.at,
      closesAt: closes === null ? null : closes.toISOString(),
    },
  });
  return 'opened';
}
