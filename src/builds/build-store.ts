/**
 * Builds as stored: one row per (product, component, version), its artifacts
 * and stage results as JSON text, `green` as 0/1.
 */
import type { Kysely, Selectable } from 'kysely';
import semver from 'semver';
import type { Database } from '../app/database-schema.ts';
import type { Build, BuildsTable, StageResult } from './build-types.ts';

type BuildRow = Selectable<BuildsTable>;

export function toBuild(row: BuildRow, productName: string): Build {
  return {
    id: row.id,
    product: productName,
    component: row.component,
    version: row.version,
    commit: row.commit_sha,
    branch: row.branch,
    artifact: row.artifact,
    artifacts: JSON.parse(row.artifacts) as Record<string, string>,
    stages: JSON.parse(row.stages) as StageResult[],
    green: Number(row.green) === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRow(build: Build, productId: string): BuildsTable {
  return {
    id: build.id,
    product_id: productId,
    component: build.component,
    version: build.version,
    commit_sha: build.commit,
    branch: build.branch,
    artifact: build.artifact,
    artifacts: JSON.stringify(build.artifacts),
    stages: JSON.stringify(build.stages),
    green: build.green ? 1 : 0,
    created_by: build.createdBy,
    created_at: build.createdAt,
    updated_at: build.updatedAt,
  };
}

/** Builds with their product's name, which the row does not hold. */
function selectBuilds(db: Kysely<Database>) {
  return db.selectFrom('builds').innerJoin('products', 'products.id', 'builds.product_id').selectAll('builds').select('products.name as product_name');
}

const withName = (row: BuildRow & { product_name: string }) => toBuild(row, row.product_name);

export async function findBuild(db: Kysely<Database>, productId: string, component: string, version: string): Promise<Build | undefined> {
  const row = await selectBuilds(db)
    .where('builds.product_id', '=', productId)
    .where('builds.component', '=', component)
    .where('builds.version', '=', version)
    .executeTakeFirst();
  return row && withName(row);
}

export async function buildsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Build[]> {
  const unique = [...new Set(ids)];
  const builds: Build[] = [];
  // Chunks keep the bound parameters well below either engine's limit.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await selectBuilds(db).where('builds.id', 'in', unique.slice(i, i + 500)).execute();
    builds.push(...rows.map(withName));
  }
  return builds;
}

export interface BuildFilter {
  component?: string | undefined;
  branch?: string | undefined;
  limit: number;
}

/** Newest first. */
export async function queryBuilds(db: Kysely<Database>, productId: string, filter: BuildFilter): Promise<Build[]> {
  let q = selectBuilds(db).where('builds.product_id', '=', productId);
  if (filter.component) q = q.where('builds.component', '=', filter.component);
  if (filter.branch) q = q.where('builds.branch', '=', filter.branch);
  const rows = await q.orderBy('builds.created_at', 'desc').orderBy('builds.component', 'asc').orderBy('builds.version', 'desc').limit(filter.limit).execute();
  return rows.map(withName);
}

/**
 * Component → its most recently registered green build on `branch`. Builds
 * registered at the same instant are told apart by semver (the higher wins).
 */
export async function latestGreenBuilds(db: Kysely<Database>, productId: string, branch: string): Promise<Map<string, Build>> {
  const latest = db
    .selectFrom('builds')
    .select(['component', (eb) => eb.fn.max('created_at').as('latest')])
    .where('product_id', '=', productId)
    .where('branch', '=', branch)
    .where('green', '=', 1)
    .groupBy('component')
    .as('latest');
  const rows = await selectBuilds(db)
    .innerJoin(latest, (join) => join.onRef('latest.component', '=', 'builds.component').onRef('latest.latest', '=', 'builds.created_at'))
    .where('builds.product_id', '=', productId)
    .where('builds.branch', '=', branch)
    .where('builds.green', '=', 1)
    .execute();
  const byComponent = new Map<string, Build>();
  for (const build of rows.map(withName)) {
    const held = byComponent.get(build.component);
    if (!held || semver.compareBuild(build.version, held.version) > 0) byComponent.set(build.component, build);
  }
  return byComponent;
}

export async function insertBuild(db: Kysely<Database>, row: BuildsTable): Promise<void> {
  await db.insertInto('builds').values(row).execute();
}

/**
 * Takes the build's row lock for the rest of the transaction (a no-op update
 * locks on PostgreSQL and SQLite alike), so concurrent updates queue.
 */
export async function lockBuild(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('builds').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).execute();
}

export async function updateBuild(db: Kysely<Database>, id: string, changes: Pick<BuildsTable, 'commit_sha' | 'artifacts' | 'stages' | 'green' | 'updated_at'>): Promise<void> {
  await db.updateTable('builds').set(changes).where('id', '=', id).execute();
}
