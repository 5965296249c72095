/**
 * Deciding Go/No-Go rounds once they close: the vote gate evaluated at the
 * closing time says go or no-go. The train's upkeep calls this every second on
 * every server; the conditional update lets exactly one of them record it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import { gatherEvidence } from '../gates/gate-evidence.ts';
import { evaluateVoteGate, voteClosesAt } from '../gates/vote-gate.ts';
import { loadProductShape, type ProductShape } from '../products/product-store.ts';
import { findReleaseRow } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { gateOf } from './ring-named.ts';
import { listUndecidedRounds, recordDecision } from './vote-store.ts';
import { decidedSummary } from './vote-words.ts';

/** Answers how many rounds this call decided. */
export async function decideClosedVotes(db: Kysely<Database>, now: Date): Promise<number> {
  const rounds = await listUndecidedRounds(db);
  const products = new Map<string, ProductShape | null>();
  let decided = 0;
  for (const round of rounds) {
    if (!products.has(round.product)) products.set(round.product, await loadProductShape(db, round.product));
    const product = products.get(round.product);
    const ringIndex = product ? product.rings.findIndex((r) => r.name === round.ring) : -1;
    const gate = product && ringIndex >= 0 ? gateOf(product.rings[ringIndex]!, 'vote') : undefined;
    // A ring whose vote gate was removed from the product file has nothing left to decide.
    if (!product || !gate) continue;
    const closesAt = voteClosesAt(gate, { openedAt: round.opened_at, closesAt: round.closes_at });
    if (closesAt === null || closesAt.getTime() > now.getTime()) continue;
    const release = await findReleaseRow(db, product.id, round.version);
    if (!release) continue;
    const context = await gatherEvidence(db, product, release, ringIndex, closesAt);
    // Ballots are refused once the round closes; only those before it count, whatever the clocks did.
    context.vote = { ...context.vote, votes: context.vote.votes.filter((v) => Date.parse(v.at) < closesAt.getTime()) };
    const verdict = evaluateVoteGate(gate, context);
    const vote = verdict.status === 'pass' ? 'go' : 'no-go';
    const recorded = await db.transaction().execute(async (trx) => {
      if (!(await recordDecision(trx, release.id, round.ring, { vote, reason: verdict.reason, at: closesAt.toISOString() }))) return false;
      await appendEvent(trx, now.toISOString(), {
        actor: SERVER_ACTOR,
        type: 'vote.decided',
        subject: releaseSubject(product.name, release.version),
        summary: decidedSummary(product.name, release.version, round.ring, vote, verdict.reason),
        data: { product: product.name, version: release.version, ring: round.ring, decision: vote, reason: verdict.reason, closedAt: closesAt.toISOString() },
      });
      return true;
    });
    if (recorded) decided++;
  }
  return decided;
}
