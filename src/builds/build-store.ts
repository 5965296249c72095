/**
 * Builds as stored: one row per (product, component, version), its artifacts,
 * stage results and commits as JSON text, `green` as 0/1. Commits can run to
 * megabytes, so only the queries that want them read them.
 */
import type { Kysely, Selectable } from 'kysely';
import semver from 'semver';
import type { Database } from '../app/database-schema.ts';
import type { Build, BuildCommit, BuildDetail, BuildsTable, StageResult } from './build-types.ts';

type BuildRow = Omit<Selectable<BuildsTable>, 'commits'>;

/** Every column but the commits. */
const BUILD_COLUMNS = [
  'builds.id',
  'builds.product_id',
  'builds.component',
  'builds.version',
  'builds.commit_sha',
  'builds.branch',
  'builds.artifact',
  'builds.artifacts',
  'builds.stages',
  'builds.green',
  'builds.created_by',
  'builds.created_at',
  'builds.updated_at',
] as const;

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

export function toRow(build: Build, productId: string, commits: readonly BuildCommit[] = []): BuildsTable {
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
    commits: JSON.stringify(commits),
    green: build.green ? 1 : 0,
    created_by: build.createdBy,
    created_at: build.createdAt,
    updated_at: build.updatedAt,
  };
}

/** Builds with their product's name, which the row does not hold. */
function selectBuilds(db: Kysely<Database>) {
  return db.selectFrom('builds').innerJoin('products', 'products.id', 'builds.product_id').select(BUILD_COLUMNS).select('products.name as product_name');
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

/** The build with its commits. */
export async function findBuildDetail(db: Kysely<Database>, productId: string, component: string, version: string): Promise<BuildDetail | undefined> {
  const build = await findBuild(db, productId, component, version);
  return build && { ...build, commits: await buildCommits(db, build.id) };
}

export async function buildCommits(db: Kysely<Database>, buildId: string): Promise<BuildCommit[]> {
  const row = await db.selectFrom('builds').select('commits').where('id', '=', buildId).executeTakeFirst();
  return row ? (JSON.parse(row.commits) as BuildCommit[]) : [];
}

/** Build id → its commits, for the builds asked for. */
export async function commitsOfBuilds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, BuildCommit[]>> {
  const unique = [...new Set(ids)];
  const byId = new Map<string, BuildCommit[]>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('builds').select(['id', 'commits']).where('id', 'in', unique.slice(i, i + 500)).execute();
    for (const row of rows) byId.set(row.id, JSON.parse(row.commits) as BuildCommit[]);
  }
  return byId;
}

/** Every build of the named components, without commits or stages: what release notes choose a range from. */
export async function buildVersions(db: Kysely<Database>, productId: string, components: readonly string[]): Promise<{ id: string; component: string; version: string }[]> {
  if (components.length === 0) return [];
  return db.selectFrom('builds').select(['id', 'component', 'version']).where('product_id', '=', productId).where('component', 'in', [...components]).execute();
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

export async function updateBuild(
  db: Kysely<Database>,
  id: string,
  changes: Pick<BuildsTable, 'commit_sha' | 'artifacts' | 'stages' | 'green' | 'updated_at'> & Partial<Pick<BuildsTable, 'commits'>>,
): Promise<void> {
  await db.updateTable('builds').set(changes).where('id', '=', id).execute();
}
