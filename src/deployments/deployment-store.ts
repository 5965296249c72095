import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import { releaseSubject } from '../releases/release-types.ts';
import type { Deployment, DeploymentKind, DeploymentsTable, DeploymentState, DeploymentStep, LogChunk } from './deployment-types.ts';
import type { DeliveryMode } from '../products/product-spec.ts';
import { holdsAt, windowOfSpec } from './window-holds.ts';

/**
 * Deployments are claimed through leases: a conditional update that only one
 * server wins, with an expiry a live worker keeps pushing forward. A crashed
 * server's deployments are claimed again once their lease runs out. The
 * target's own row is held too, so two deployments never touch one target at once.
 */
export interface Claim {
  id: string;
  attempt: number;
}

/** Where the last page of candidates ended: their order is (created_at, seq, id). */
interface Cursor {
  created_at: string;
  seq: number;
  id: string;
}

/** Candidates read per query: held deployments are skipped in the process, so a page may yield fewer. */
const CANDIDATE_PAGE = 100;

/**
 * Deployments a push worker may start now, oldest first: pending ones whose
 * wave has begun and whose target's maintenance window is open, and running
 * ones whose lease ran out (a started deployment runs to its end, window or
 * not). Held ones are passed over, not counted, so a target waiting for its
 * window never starves the deployments behind it: pages are read on until
 * `limit` are found or none are left.
 */
export async function claimableDeployments(db: Kysely<Database>, now: string, limit: number): Promise<{ id: string; product_id: string; target: string }[]> {
  const holdOf = holdsAt(Date.parse(now));
  const found: { id: string; product_id: string; target: string }[] = [];
  let after: Cursor | null = null;
  for (;;) {
    const from: Cursor | null = after;
    const rows: { id: string; product_id: string; target: string; state: string; created_at: string; seq: number; spec: string | null }[] = await db
      .selectFrom('deployments as d')
      .innerJoin('rollouts as r', 'r.id', 'd.rollout_id')
      .leftJoin('targets as t', (join) => join.onRef('t.product_id', '=', 'd.product_id').onRef('t.name', '=', 'd.target'))
      .select(['d.id', 'd.product_id', 'd.target', 'd.state', 'd.created_at', 'd.seq', 't.spec'])
      .where('d.delivery', '=', 'push')
      .where((eb) =>
        eb.or([
          eb.and([eb('d.state', '=', 'pending'), eb('r.state', '=', 'deploying'), eb('d.wave', '<=', eb.ref('r.current_wave'))]),
          eb.and([eb('d.state', '=', 'running'), eb('d.lease_expires_at', '<', now)]),
        ]),
      )
      .$if(from !== null, (q) =>
        q.where((eb) => {
          const { created_at, seq, id } = from as Cursor;
          return eb.or([
            eb('d.created_at', '>', created_at),
            eb.and([eb('d.created_at', '=', created_at), eb.or([eb('d.seq', '>', seq), eb.and([eb('d.seq', '=', seq), eb('d.id', '>', id)])])]),
          ]);
        }),
      )
      .orderBy('d.created_at')
      .orderBy('d.seq')
      .orderBy('d.id')
      .limit(CANDIDATE_PAGE)
      .execute();
    for (const row of rows) {
      if (row.state === 'pending' && holdOf(windowOfSpec(row.spec)) !== null) continue;
      found.push({ id: row.id, product_id: row.product_id, target: row.target });
      if (found.length >= limit) return found;
    }
    const last: (typeof rows)[number] | undefined = rows.at(-1);
    if (rows.length < CANDIDATE_PAGE || last === undefined) return found;
    after = { created_at: last.created_at, seq: Number(last.seq), id: last.id };
  }
}

/** Takes the target, then the deployment; answers null when another worker holds either. */
export async function claimDeployment(
  db: Kysely<Database>,
  candidate: { id: string; product_id: string; target: string },
  owner: string,
  now: string,
  leaseUntil: string,
): Promise<Claim | null> {
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .updateTable('target_states')
      .set({ holder: candidate.id, held_until: leaseUntil })
      .where('product_id', '=', candidate.product_id)
      .where('target', '=', candidate.target)
      .where((eb) => eb.or([eb('holder', 'is', null), eb('holder', '=', candidate.id), eb('held_until', '<', now)]))
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) !== 1) return null;
    const taken = await trx
      .updateTable('deployments')
      .set((eb) => ({ state: 'running', lease_owner: owner, lease_expires_at: leaseUntil, attempts: eb('attempts', '+', 1), started_at: eb.fn.coalesce('started_at', eb.val(now)) }))
      .where('id', '=', candidate.id)
      .where((eb) => eb.or([eb('state', '=', 'pending'), eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', now)])]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) {
      // Rolling back the transaction returns the target to whoever held it.
      throw new LostRace();
    }
    const row = await trx
      .selectFrom('deployments as d')
      .innerJoin('products as p', 'p.id', 'd.product_id')
      .innerJoin('releases as r', 'r.id', 'd.release_id')
      .select(['d.attempts', 'd.kind', 'd.ring', 'd.target', 'p.name as product', 'r.version'])
      .where('d.id', '=', candidate.id)
      .executeTakeFirstOrThrow();
    const attempt = Number(row.attempts);
    const what = row.kind === 'rollback' ? 'rolling back to' : 'deploying';
    await appendEvent(trx, now, {
      actor: SERVER_ACTOR,
      type: attempt === 1 ? 'deployment.started' : 'deployment.resumed',
      subject: releaseSubject(row.product, row.version),
      summary: `${row.target} ${attempt === 1 ? '' : `resumes (attempt ${attempt}) `}${what} ${row.product} ${row.version} (${row.ring})`,
      data: { product: row.product, version: row.version, ring: row.ring, target: row.target, deployment: candidate.id, kind: row.kind, attempt },
    });
    return { id: candidate.id, attempt };
  }).catch((error: unknown) => {
    if (error instanceof LostRace) return null;
    throw error;
  });
}

class LostRace extends Error {}

/** Pushes the lease forward; false when the deployment is no longer ours (cancelled, or taken after our lease ran out). */
export async function renewLease(db: Kysely<Database>, id: string, owner: string, leaseUntil: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('deployments')
      .set({ lease_expires_at: leaseUntil })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.updateTable('target_states').set({ held_until: leaseUntil }).where('holder', '=', id).execute();
    return true;
  });
}

export async function saveSteps(db: Kysely<Database>, id: string, owner: string, steps: DeploymentStep[]): Promise<boolean> {
  const result = await db.updateTable('deployments').set({ steps: JSON.stringify(steps) }).where('id', '=', id).where('lease_owner', '=', owner).where('state', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Lets go of a deployment without finishing it (the server is stopping): another worker may take it at once. */
export async function releaseLease(db: Kysely<Database>, id: string, owner: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('deployments').set({ lease_expires_at: now }).where('id', '=', id).where('lease_owner', '=', owner).where('state', '=', 'running').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) await trx.updateTable('target_states').set({ held_until: now }).where('holder', '=', id).execute();
  });
}

/** Frees the target a deployment held, whatever became of the deployment. */
export async function freeTarget(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('target_states').set({ holder: null, held_until: null }).where('holder', '=', id).execute();
}

export async function nextLogSeq(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db.selectFrom('deployment_logs').select((eb) => eb.fn.max('seq').as('max')).where('deployment_id', '=', id).executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 1 : Number(row.max) + 1;
}

export async function appendLog(db: Kysely<Database>, id: string, seq: number, at: string, text: string): Promise<void> {
  await db.insertInto('deployment_logs').values({ deployment_id: id, seq, at, text }).execute();
}

export async function readLog(db: Kysely<Database>, id: string, after: number, limit: number): Promise<LogChunk[]> {
  const rows = await db.selectFrom('deployment_logs').select(['seq', 'at', 'text']).where('deployment_id', '=', id).where('seq', '>', after).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), at: r.at, text: r.text }));
}

export async function findDeploymentRow(db: Kysely<Database>, id: string): Promise<DeploymentsTable | undefined> {
  return db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function toDeployment(row: DeploymentsTable, product: string, version: string): Deployment {
  return {
    id: row.id,
    rolloutId: row.rollout_id,
    product,
    version,
    ring: row.ring,
    target: row.target,
    delivery: row.delivery as DeliveryMode,
    kind: row.kind as DeploymentKind,
    wave: Number(row.wave),
    state: row.state as DeploymentState,
    steps: JSON.parse(row.steps) as DeploymentStep[],
    attempts: Number(row.attempts),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
