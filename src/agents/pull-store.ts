import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { nextLogSeq } from '../deployments/deployment-store.ts';
import type { DeploymentStep, DeploymentsTable } from '../deployments/deployment-types.ts';
import { appendEvent } from '../events/event-store.ts';
import { ConflictError, NotFoundError } from '../platform/errors/errors.ts';
import type { TargetSpec } from '../products/product-spec.ts';
import { releaseSubject } from '../releases/release-types.ts';
import type { OpenDeployment } from './desired-pick.ts';
import { LOG_CUT_LINE } from './log-cap.ts';

/** States a pull deployment can be picked up from. */
const OPEN_STATES = ['pending', 'running', 'skipped'] as const;

function openQuery(db: Kysely<Database>) {
  return db
    .selectFrom('deployments as d')
    .innerJoin('rollouts as r', 'r.id', 'd.rollout_id')
    .innerJoin('releases as rel', 'rel.id', 'd.release_id')
    .select(['d.id', 'd.target', 'd.state', 'd.wave', 'd.created_at', 'd.seq', 'd.attempts', 'r.state as rollout_state', 'r.current_wave', 'rel.state as release_state'])
    .where('d.delivery', '=', 'pull')
    .where('d.state', 'in', OPEN_STATES);
}

type OpenRow = { id: string; target: string; state: string; wave: number; created_at: string; seq: number; attempts: number; rollout_state: string; current_wave: number; release_state: string };

function toOpen(row: OpenRow): OpenDeployment & { target: string } {
  return {
    id: row.id,
    target: row.target,
    state: row.state,
    wave: Number(row.wave),
    createdAt: row.created_at,
    seq: Number(row.seq),
    attempts: Number(row.attempts),
    rolloutState: row.rollout_state,
    currentWave: Number(row.current_wave),
    releaseState: row.release_state,
  };
}

export async function openDeploymentsOfTarget(db: Kysely<Database>, productId: string, target: string): Promise<OpenDeployment[]> {
  const rows = await openQuery(db).where('d.product_id', '=', productId).where('d.target', '=', target).where('d.finished_at', 'is', null).execute();
  return rows.map(toOpen);
}

/** Targets per query when many are read at once. */
export const TARGET_CHUNK = 500;

/** The open pull deployments of some targets (at most TARGET_CHUNK), by target. */
export async function openDeploymentsOfTargets(db: Kysely<Database>, productId: string, targets: readonly string[]): Promise<Map<string, OpenDeployment[]>> {
  const rows = await openQuery(db).where('d.product_id', '=', productId).where('d.target', 'in', targets).where('d.finished_at', 'is', null).execute();
  return groupByTarget(rows.map(toOpen));
}

/** Every open pull deployment of a product, by target: one query for the whole fleet. */
export async function openDeploymentsOfProduct(db: Kysely<Database>, productId: string): Promise<Map<string, OpenDeployment[]>> {
  const rows = await openQuery(db).where('d.product_id', '=', productId).execute();
  return groupByTarget(rows.map(toOpen));
}

function groupByTarget(open: readonly (OpenDeployment & { target: string })[]): Map<string, OpenDeployment[]> {
  const byTarget = new Map<string, OpenDeployment[]>();
  for (const d of open) {
    const list = byTarget.get(d.target);
    if (list) list.push(d);
    else byTarget.set(d.target, [d]);
  }
  return byTarget;
}

export async function targetSpecs(db: Kysely<Database>, productId: string, targets: readonly string[]): Promise<Map<string, TargetSpec>> {
  const specs = new Map<string, TargetSpec>();
  for (let i = 0; i < targets.length; i += TARGET_CHUNK) {
    const rows = await db.selectFrom('targets').select(['name', 'spec']).where('product_id', '=', productId).where('name', 'in', targets.slice(i, i + TARGET_CHUNK)).execute();
    for (const row of rows) specs.set(row.name, JSON.parse(row.spec) as TargetSpec);
  }
  return specs;
}

/** What some targets (at most TARGET_CHUNK) run, by target; a target that runs nothing is absent. */
export async function currentReleases(db: Kysely<Database>, productId: string, targets: readonly string[]): Promise<Map<string, { version: string; since: string }>> {
  const rows = await db
    .selectFrom('target_states as s')
    .innerJoin('releases as r', 'r.id', 's.release_id')
    .select(['s.target', 'r.version', 's.since'])
    .where('s.product_id', '=', productId)
    .where('s.target', 'in', targets)
    .execute();
  return new Map(rows.filter((r) => r.since !== null).map((r) => [r.target, { version: r.version, since: r.since! }]));
}

export async function currentRelease(db: Kysely<Database>, productId: string, target: string): Promise<{ version: string; since: string } | null> {
  const row = await db
    .selectFrom('target_states as s')
    .innerJoin('releases as r', 'r.id', 's.release_id')
    .select(['r.version', 's.since'])
    .where('s.product_id', '=', productId)
    .where('s.target', '=', target)
    .executeTakeFirst();
  return row && row.since ? { version: row.version, since: row.since } : null;
}

/** The deployment if it is this target's pull deployment; otherwise not found, as if it did not exist. */
export async function findOwnDeployment(db: Kysely<Database>, id: string, productId: string, target: string): Promise<DeploymentsTable> {
  const row = await db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.product_id !== productId || row.target !== target || row.delivery !== 'pull') throw new NotFoundError(`deployment '${id}' does not exist for target ${target}`);
  return row;
}

export interface StartPull {
  id: string;
  productId: string;
  product: string;
  target: string;
  /** Written as the lease owner: agent:<target> online, offline:<target> for an imported report. */
  owner: string;
  at: string;
}

/**
 * Claims a pull deployment for its agent, as the worker claims a push one: a
 * new attempt, the steps not yet succeeded back to pending, the target held.
 * Older skipped deployments of the target are superseded by it.
 */
export async function startPullDeployment(db: Kysely<Database>, start: StartPull, mayStart: (trx: Kysely<Database>, row: DeploymentsTable) => Promise<void>): Promise<{ attempt: number; steps: DeploymentStep[]; nextLogSeq: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await findOwnDeployment(trx, start.id, start.productId, start.target);
    await mayStart(trx, row);
    const steps = (JSON.parse(row.steps) as DeploymentStep[]).map((s) =>
      s.state === 'succeeded' ? s : { ...s, state: 'pending' as const, phase: null, exitCode: null, error: null, startedAt: null, finishedAt: null },
    );
    const taken = await trx
      .updateTable('deployments')
      .set((eb) => ({
        state: 'running',
        steps: JSON.stringify(steps),
        lease_owner: start.owner,
        lease_expires_at: null,
        error: null,
        finished_at: null,
        attempts: eb('attempts', '+', 1),
        started_at: eb.fn.coalesce('started_at', eb.val(start.at)),
      }))
      .where('id', '=', row.id)
      .where('state', '=', row.state)
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw new ConflictError(`deployment '${row.id}' changed meanwhile; ask for the desired state again`);
    const attempt = Number(row.attempts) + 1;

    const held = await trx.updateTable('target_states').set({ holder: row.id, held_until: null }).where('product_id', '=', row.product_id).where('target', '=', row.target).executeTakeFirst();
    if (Number(held.numUpdatedRows) === 0) {
      await trx.insertInto('target_states').values({ product_id: row.product_id, target: row.target, release_id: null, since: null, last_deployment_id: null, last_state: null, holder: row.id, held_until: null }).execute();
    }
    const release = await trx.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow();
    await trx
      .updateTable('deployments')
      .set({ state: 'cancelled', finished_at: start.at, error: `superseded by ${release.version}` })
      .where('product_id', '=', row.product_id)
      .where('target', '=', row.target)
      .where('state', '=', 'skipped')
      .where('id', '!=', row.id)
      .where('created_at', '<=', row.created_at)
      .execute();

    const what = row.kind === 'rollback' ? 'rolling back to' : 'deploying';
    const via = start.owner.startsWith('offline:') ? 'from an offline bundle' : 'through its agent';
    await appendEvent(trx, start.at, {
      actor: start.owner,
      type: attempt === 1 ? 'deployment.started' : 'deployment.resumed',
      subject: releaseSubject(start.product, release.version),
      summary: `${row.target} ${attempt === 1 ? '' : `resumes (attempt ${attempt}) `}${what} ${start.product} ${release.version} (${row.ring}) ${via}`,
      data: { product: start.product, version: release.version, ring: row.ring, target: row.target, deployment: row.id, kind: row.kind, attempt, delivery: 'pull' },
    });
    // A deployment never started has no log yet.
    return { attempt, steps, nextLogSeq: attempt === 1 ? 1 : await nextLogSeq(trx, row.id) };
  });
}

/** The deployment if `owner` holds it at `attempt`; a conflict saying why not otherwise. */
export async function ownedRunning(db: Kysely<Database>, row: DeploymentsTable, owner: string, attempt: number): Promise<void> {
  if (row.state !== 'running') {
    throw new ConflictError(`deployment '${row.id}' is ${row.state}${row.error ? ` (${row.error})` : ''}: stop working on it`, [{ state: row.state }], 'not_running');
  }
  if (row.lease_owner !== owner) throw new ConflictError(`deployment '${row.id}' is held by another worker`, [], 'not_running');
  if (Number(row.attempts) !== attempt) {
    throw new ConflictError(`attempt ${attempt} of deployment '${row.id}' is over: attempt ${Number(row.attempts)} is the current one`, [{ attempt: Number(row.attempts) }], 'stale_attempt');
  }
}

/** Steps (null: leave them) and log of a running attempt; false when the attempt is no longer the agent's. */
export async function saveProgress(db: Kysely<Database>, id: string, owner: string, attempt: number, steps: DeploymentStep[] | null, log: readonly { seq: number; text: string }[], at: string): Promise<boolean> {
  if (steps === null && log.length === 0) return true;
  if (steps === null) {
    // The finish's log: its ownership was checked just before, and finishDeployment checks it again.
    await insertLog(db, id, log, at);
    return true;
  }
  return db.transaction().execute(async (trx) => {
    const saved = await trx
      .updateTable('deployments')
      .set({ steps: JSON.stringify(steps) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1) return false;
    if (log.length > 0) await insertLog(trx, id, log, at);
    return true;
  });
}

/** How much log a deployment keeps already, and whether it was cut. */
export async function keptLog(db: Kysely<Database>, id: string): Promise<{ chars: number; cut: boolean }> {
  const row = await db
    .selectFrom('deployment_logs')
    .select((eb) => [eb.fn.sum<number>(eb.fn('length', ['text'])).as('chars'), eb.fn.countAll<number>().filterWhere('text', '=', LOG_CUT_LINE).as('cuts')])
    .where('deployment_id', '=', id)
    .executeTakeFirst();
  return { chars: Number(row?.chars ?? 0), cut: Number(row?.cuts ?? 0) > 0 };
}

/** A chunk sent twice (a retried report) is written once. */
async function insertLog(db: Kysely<Database>, id: string, log: readonly { seq: number; text: string }[], at: string): Promise<void> {
  await db
    .insertInto('deployment_logs')
    .values(log.map((chunk) => ({ deployment_id: id, seq: chunk.seq, at, text: chunk.text })))
    .onConflict((oc) => oc.columns(['deployment_id', 'seq']).doNothing())
    .execute();
}
