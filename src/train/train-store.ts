/**
 * Train runs as stored: one row per (product, day, step), claimed on a lease.
 * A claim is an insert that only one server wins (the unique index), or the
 * takeover of a running row whose lease ran out, by a conditional update on
 * the old lease. Finishing is conditional on still holding the lease.
 */
import type { Kysely } from 'kysely';
import semver from 'semver';
import type { Database } from '../app/database-schema.ts';
import type { ReleasesTable } from '../releases/release-types.ts';
import { TRAIN_STEPS, type TrainRunsTable, type TrainRunState } from './train-types.ts';

export async function runsOfDays(db: Kysely<Database>, productId: string, days: readonly string[]): Promise<TrainRunsTable[]> {
  if (days.length === 0) return [];
  return db.selectFrom('train_runs').selectAll().where('product_id', '=', productId).where('day', 'in', [...days]).execute();
}

/** Inserts the run as running; false when another server already has a row for it. */
export async function insertRun(db: Kysely<Database>, row: TrainRunsTable): Promise<boolean> {
  const result = await db
    .insertInto('train_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['product_id', 'day', 'step']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Takes over a running row whose lease expired; false when someone else changed it first. */
export async function takeOverRun(db: Kysely<Database>, stale: TrainRunsTable, lease: { owner: string; expiresAt: string; at: string }): Promise<boolean> {
  if (stale.lease_owner === null || stale.lease_expires_at === null) return false;
  const result = await db
    .updateTable('train_runs')
    .set({ lease_owner: lease.owner, lease_expires_at: lease.expiresAt, started_at: lease.at })
    .where('id', '=', stale.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', stale.lease_owner)
    .where('lease_expires_at', '=', stale.lease_expires_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface RunResult {
  state: Exclude<TrainRunState, 'running'>;
  outcome: string;
  version: string | null;
}

/** Records the end of a run; false when the lease was lost (another server took the run over). */
export async function finishRun(db: Kysely<Database>, id: string, owner: string, result: RunResult, at: string): Promise<boolean> {
  const updated = await db
    .updateTable('train_runs')
    .set({ state: result.state, outcome: result.outcome, version: result.version, finished_at: at })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** The train days (cut, vote and deploy runs, not window announcements) with a record, newest first. */
export async function recentTrainDays(db: Kysely<Database>, productId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('train_runs')
    .select('day')
    .distinct()
    .where('product_id', '=', productId)
    .where('step', 'in', [...TRAIN_STEPS])
    .orderBy('day', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.day);
}

/** The product's release with the highest version, whatever its state: the one a train bumps. */
export async function newestRelease(db: Kysely<Database>, productId: string): Promise<ReleasesTable | undefined> {
  const versions = await db.selectFrom('releases').select(['id', 'version']).where('product_id', '=', productId).execute();
  let newest: { id: string; version: string } | undefined;
  for (const row of versions) if (newest === undefined || semver.gt(row.version, newest.version)) newest = row;
  if (newest === undefined) return undefined;
  return db.selectFrom('releases').selectAll().where('id', '=', newest.id).executeTakeFirst();
}
