import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { DeploymentKind, DeploymentStep } from '../deployments/deployment-types.ts';
import type { RolloutSpec } from '../products/product-spec.ts';
import { releaseBuilds } from '../releases/release-store.ts';
import type { RolloutState } from '../releases/release-types.ts';
import type { Rollout, RolloutKind, RolloutsTable } from './rollout-types.ts';

/** Rows per insert: keeps both engines under their bound-parameter limits for rings of thousands of targets. */
const CHUNK = 400;

export interface NewDeployment {
  target: string;
  delivery: string;
  releaseId: string;
  wave: number;
  steps: DeploymentStep[];
}

export interface NewRollout {
  productId: string;
  releaseId: string;
  ring: string;
  kind: RolloutKind;
  policy: RolloutSpec;
  waves: number;
  startedBy: string;
  at: string;
  deploymentKind: DeploymentKind;
  deployments: NewDeployment[];
  /** Why it started, for rollbacks. */
  reason?: string | null;
}

/** Inserts a rollout and its deployments, and makes sure every target has a state row to be held by. */
export async function insertRollout(db: Kysely<Database>, rollout: NewRollout): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('rollouts')
    .values({
      id,
      product_id: rollout.productId,
      release_id: rollout.releaseId,
      ring: rollout.ring,
      kind: rollout.kind,
      state: 'deploying',
      waves: rollout.waves,
      current_wave: 0,
      next_wave_at: null,
      failures: 0,
      policy: JSON.stringify(rollout.policy),
      reason: rollout.reason ?? null,
      started_by: rollout.startedBy,
      started_at: rollout.at,
      finished_at: null,
    })
    .execute();
  const rows = rollout.deployments.map((d, seq) => ({
    id: randomUUID(),
    rollout_id: id,
    product_id: rollout.productId,
    release_id: d.releaseId,
    ring: rollout.ring,
    target: d.target,
    delivery: d.delivery,
    kind: rollout.deploymentKind,
    wave: d.wave,
    seq,
    state: 'pending',
    steps: JSON.stringify(d.steps),
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    error: null,
    created_at: rollout.at,
    started_at: null,
    finished_at: null,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insertInto('deployments').values(rows.slice(i, i + CHUNK)).execute();
    const states = rows.slice(i, i + CHUNK).map((r) => ({
      product_id: rollout.productId,
      target: r.target,
      release_id: null,
      since: null,
      last_deployment_id: null,
      last_state: null,
      holder: null,
      held_until: null,
    }));
    await db.insertInto('target_states').values(states).onConflict((oc) => oc.columns(['product_id', 'target']).doNothing()).execute();
  }
  return id;
}

export function toRollout(row: RolloutsTable, product: string, version: string): Rollout {
  return {
    id: row.id,
    product,
    version,
    ring: row.ring,
    kind: row.kind as RolloutKind,
    state: row.state as RolloutState,
    waves: Number(row.waves),
    currentWave: Number(row.current_wave),
    nextWaveAt: row.next_wave_at,
    failures: Number(row.failures),
    policy: JSON.parse(row.policy) as RolloutSpec,
    reason: row.reason,
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function findPromotion(db: Kysely<Database>, releaseId: string, ring: string): Promise<RolloutsTable | undefined> {
  return db.selectFrom('rollouts').selectAll().where('release_id', '=', releaseId).where('ring', '=', ring).where('kind', '=', 'promotion').executeTakeFirst();
}

export async function findRollout(db: Kysely<Database>, id: string): Promise<RolloutsTable | undefined> {
  return db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deployment counts of a rollout by state. */
export async function deploymentCounts(db: Kysely<Database>, rolloutId: string, upToWave?: number): Promise<Record<string, number>> {
  let q = db.selectFrom('deployments').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('rollout_id', '=', rolloutId);
  if (upToWave !== undefined) q = q.where('wave', '<=', upToWave);
  const rows = await q.groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Deployments not started yet are cancelled; running ones are cancelled too and their worker stops at its next heartbeat. */
export async function cancelDeployments(db: Kysely<Database>, rolloutId: string, at: string, reason: string, includeRunning: boolean): Promise<number> {
  const states = includeRunning ? ['pending', 'running'] : ['pending'];
  const result = await db
    .updateTable('deployments')
    .set({ state: 'cancelled', finished_at: at, error: reason, lease_owner: null, lease_expires_at: null })
    .where('rollout_id', '=', rolloutId)
    .where('state', 'in', states)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A rejected release stops wherever it is: its moving rollouts end as cancelled. */
export async function cancelReleaseRollouts(db: Kysely<Database>, releaseId: string, at: string, reason: string): Promise<{ rollouts: number; deployments: number }> {
  const moving = await db.selectFrom('rollouts').select('id').where('release_id', '=', releaseId).where('kind', '=', 'promotion').where('state', '=', 'deploying').execute();
  let deployments = 0;
  for (const { id } of moving) {
    await db.updateTable('rollouts').set({ state: 'cancelled', reason, finished_at: at }).where('id', '=', id).where('state', '=', 'deploying').execute();
    deployments += await cancelDeployments(db, id, at, reason, true);
  }
  return { rollouts: moving.length, deployments };
}

/** Moves a rollout out of `from`; false when another server got there first. */
export async function moveRollout(
  db: Kysely<Database>,
  id: string,
  from: RolloutState,
  change: Partial<Pick<RolloutsTable, 'state' | 'reason' | 'finished_at' | 'current_wave' | 'next_wave_at' | 'failures'>>,
  guard?: { currentWave?: number },
): Promise<boolean> {
  let q = db.updateTable('rollouts').set(change).where('id', '=', id).where('state', '=', from);
  if (guard?.currentWave !== undefined) q = q.where('current_wave', '=', guard.currentWave);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One pending step per component of the release, in the product's component order. */
export async function stepsOf(db: Kysely<Database>, releaseId: string, componentOrder: readonly string[]): Promise<DeploymentStep[]> {
  const builds = await releaseBuilds(db, releaseId);
  builds.sort((a, b) => componentOrder.indexOf(a.component) - componentOrder.indexOf(b.component));
  return builds.map((b) => ({ component: b.component, version: b.version, artifact: b.artifact, state: 'pending', startedAt: null, finishedAt: null, phase: null, exitCode: null, error: null }));
}
