import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { VoteEvidence } from '../gates/gate-types.ts';
import type { BallotsTable, VoteChoice, VoteRoundsTable } from './vote-types.ts';

export async function findRound(db: Kysely<Database>, releaseId: string, ring: string): Promise<VoteRoundsTable | undefined> {
  return db.selectFrom('vote_rounds').selectAll().where('release_id', '=', releaseId).where('ring', '=', ring).executeTakeFirst();
}

/** Every ballot of the round, oldest first. */
export async function listBallots(db: Kysely<Database>, releaseId: string, ring: string): Promise<VoteEvidence[]> {
  const rows = await db.selectFrom('ballots').selectAll().where('release_id', '=', releaseId).where('ring', '=', ring).orderBy('at').orderBy('id').execute();
  return rows.map((b) => ({ role: b.role, user: b.user_name, vote: b.vote, reason: b.reason, at: b.at }));
}

/** Opens the round unless it is open already; answers whether this call opened it. */
export async function insertRound(db: Kysely<Database>, round: VoteRoundsTable): Promise<boolean> {
  const inserted = await db
    .insertInto('vote_rounds')
    .values(round)
    .onConflict((oc) => oc.columns(['release_id', 'ring']).doNothing())
    .returning('release_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertBallot(db: Kysely<Database>, ballot: BallotsTable): Promise<void> {
  await db.insertInto('ballots').values(ballot).execute();
}

/** Every round without a decision, with its release and product, for the deciding pass. */
export async function listUndecidedRounds(db: Kysely<Database>): Promise<(VoteRoundsTable & { product: string; version: string })[]> {
  return db
    .selectFrom('vote_rounds')
    .innerJoin('releases', 'releases.id', 'vote_rounds.release_id')
    .innerJoin('products', 'products.id', 'releases.product_id')
    .selectAll('vote_rounds')
    .select(['products.name as product', 'releases.version as version'])
    .where('vote_rounds.decision', 'is', null)
    .orderBy('vote_rounds.opened_at')
    .execute();
}

/** Records the decision unless one is recorded already (another server may be deciding the same round). */
export async function recordDecision(db: Kysely<Database>, releaseId: string, ring: string, decision: { vote: VoteChoice; reason: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('vote_rounds')
    .set({ decision: decision.vote, decision_reason: decision.reason, decided_at: decision.at })
    .where('release_id', '=', releaseId)
    .where('ring', '=', ring)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
