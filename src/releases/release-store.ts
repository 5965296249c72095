import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { buildsByIds } from '../builds/build-store.ts';
import type { Build } from '../builds/build-types.ts';
import type { RingSpec } from '../products/product-spec.ts';
import { channelOf } from './channel.ts';
import type { Approval, Release, ReleasesTable, ReleaseState, RingProgress, RolloutState } from './release-types.ts';

/** Releases as stored: one row each, its bill of materials in release_builds, its ring progress in rollouts. */
export async function findReleaseRow(db: Kysely<Database>, productId: string, version: string): Promise<ReleasesTable | undefined> {
  return db.selectFrom('releases').selectAll().where('product_id', '=', productId).where('version', '=', version).executeTakeFirst();
}

export async function findReleaseRowById(db: Kysely<Database>, id: string): Promise<ReleasesTable | undefined> {
  return db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRelease(db: Kysely<Database>, row: ReleasesTable, buildIds: Record<string, string>): Promise<void> {
  await db.insertInto('releases').values(row).execute();
  const entries = Object.entries(buildIds).map(([component, build_id]) => ({ release_id: row.id, component, build_id }));
  if (entries.length > 0) await db.insertInto('release_builds').values(entries).execute();
}

/** Component → build id of a release. */
export async function releaseBuildIds(db: Kysely<Database>, releaseId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('release_builds').select(['component', 'build_id']).where('release_id', '=', releaseId).execute();
  return Object.fromEntries(rows.map((r) => [r.component, r.build_id]));
}

export async function releaseBuilds(db: Kysely<Database>, releaseId: string): Promise<Build[]> {
  return buildsByIds(db, Object.values(await releaseBuildIds(db, releaseId)));
}

/** The release's state in each ring, from its promotions there. */
export async function releaseProgress(db: Kysely<Database>, releaseId: string, rings: readonly RingSpec[]): Promise<RingProgress[]> {
  const rows = await db
    .selectFrom('rollouts')
    .select(['ring', 'state', 'started_at', 'finished_at', 'failures'])
    .where('release_id', '=', releaseId)
    .where('kind', '=', 'promotion')
    .execute();
  const byRing = new Map(rows.map((r) => [r.ring, r]));
  return rings.map((ring) => {
    const row = byRing.get(ring.name);
    return {
      ring: ring.name,
      state: (row?.state ?? null) as RolloutState | null,
      startedAt: row?.started_at ?? null,
      finishedAt: row?.finished_at ?? null,
      failures: Number(row?.failures ?? 0),
    };
  });
}

/** The whole release as callers see it. Builds are listed in the order given (deployment order). */
export async function loadRelease(db: Kysely<Database>, productName: string, row: ReleasesTable, rings: readonly RingSpec[], componentOrder: readonly string[]): Promise<Release> {
  const [builds, progress] = await Promise.all([releaseBuilds(db, row.id), releaseProgress(db, row.id, rings)]);
  const position = new Map(componentOrder.map((name, i) => [name, i]));
  builds.sort((a, b) => (position.get(a.component) ?? Infinity) - (position.get(b.component) ?? Infinity) || a.component.localeCompare(b.component));
  const state = row.state as ReleaseState;
  return {
    id: row.id,
    product: productName,
    version: row.version,
    state,
    channel: channelOf({ state, blessedAt: row.blessed_at, progress, builds }),
    baseVersion: row.base_version,
    blessedAt: row.blessed_at,
    stateReason: row.state_reason,
    stateBy: row.state_by,
    stateAt: row.state_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    builds,
    rings: progress,
  };
}

export interface ReleaseListFilter {
  state?: ReleaseState | undefined;
  limit: number;
  /** Only releases created before this one (paging back in time). */
  beforeCreatedAt?: string | undefined;
}

/** Newest first. */
export async function listReleaseRows(db: Kysely<Database>, productId: string, filter: ReleaseListFilter): Promise<ReleasesTable[]> {
  let q = db.selectFrom('releases').selectAll().where('product_id', '=', productId);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.beforeCreatedAt) q = q.where('created_at', '<', filter.beforeCreatedAt);
  return q.orderBy('created_at', 'desc').orderBy('version', 'desc').limit(filter.limit).execute();
}

/**
 * Moves a release from one state to another only if it is still in `from`:
 * answers false when someone else moved it first.
 */
export async function moveRelease(
  db: Kysely<Database>,
  id: string,
  from: ReleaseState,
  change: { state: ReleaseState; at: string; by: string; reason?: string | null; blessedAt?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('releases')
    .set({
      state: change.state,
      state_at: change.at,
      state_by: change.by,
      state_reason: change.reason ?? null,
      ...(change.blessedAt ? { blessed_at: change.blessedAt } : {}),
    })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markBlessed(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('releases').set({ blessed_at: at }).where('id', '=', id).where('blessed_at', 'is', null).execute();
}

/** Releases of the product created before `createdAt` that are still moving; a finished newer release supersedes them. */
export async function olderMovingReleases(db: Kysely<Database>, productId: string, createdAt: string): Promise<ReleasesTable[]> {
  return db
    .selectFrom('releases')
    .selectAll()
    .where('product_id', '=', productId)
    .where('created_at', '<', createdAt)
    .where('state', 'in', ['candidate', 'in-progress', 'blessed'])
    .execute();
}

export async function listApprovals(db: Kysely<Database>, releaseId: string): Promise<Approval[]> {
  const rows = await db.selectFrom('approvals').selectAll().where('release_id', '=', releaseId).orderBy('at').execute();
  return rows.map((r) => ({ ring: r.ring, user: r.user_name, roles: JSON.parse(r.roles) as string[], comment: r.comment, at: r.at }));
}

export async function insertApproval(db: Kysely<Database>, releaseId: string, approval: Approval): Promise<void> {
  await db
    .insertInto('approvals')
    .values({ release_id: releaseId, ring: approval.ring, user_name: approval.user, roles: JSON.stringify(approval.roles), comment: approval.comment, at: approval.at })
    .execute();
}
