import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { DEFAULT_ROLLOUT } from '../products/product-spec.ts';
import { findReleaseRowById } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { insertRollout, stepsOf } from './rollout-store.ts';

export interface TargetRollback {
  productId: string;
  product: string;
  ring: string;
  target: string;
  delivery: string;
  /** The release taken off the target. */
  fromReleaseId: string;
  /** The last known-good release put back. */
  toReleaseId: string;
  actor: string;
  reason: string;
  at: string;
}

/**
 * The target's last known-good release: the newest release older than the
 * one it runs that once deployed on it successfully and was not rejected.
 * Rolling back twice goes further back, never forward again.
 */
export async function lastKnownGood(db: Kysely<Database>, productId: string, target: string, currentReleaseId: string): Promise<string | null> {
  const current = await findReleaseRowById(db, currentReleaseId);
  if (!current) return null;
  const row = await db
    .selectFrom('deployments as d')
    .innerJoin('releases as r', 'r.id', 'd.release_id')
    .select('r.id')
    .where('d.product_id', '=', productId)
    .where('d.target', '=', target)
    .where('d.state', '=', 'succeeded')
    .where('r.id', '!=', currentReleaseId)
    .where('r.state', '!=', 'rejected')
    .where('r.created_at', '<', current.created_at)
    .orderBy('r.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Rollbacks go to every target at once and never halt: putting back the known-good release is the safe move. */
export const ROLLBACK_POLICY = { ...DEFAULT_ROLLOUT, waves: [{ percent: 100 }], haltOnFailures: 1_000_000 };

/** Starts the rollback of one target, with its event; used by automatic rollback after a failed verify. */
export async function startTargetRollback(db: Kysely<Database>, rollback: TargetRollback): Promise<string> {
  const components = (await db.selectFrom('components').select('name').where('product_id', '=', rollback.productId).orderBy('position').execute()).map((c) => c.name);
  const [from, to] = await Promise.all([findReleaseRowById(db, rollback.fromReleaseId), findReleaseRowById(db, rollback.toReleaseId)]);
  const id = await insertRollout(db, {
    productId: rollback.productId,
    releaseId: rollback.fromReleaseId,
    ring: rollback.ring,
    kind: 'rollback',
    policy: ROLLBACK_POLICY,
    waves: 1,
    startedBy: rollback.actor,
    at: rollback.at,
    deploymentKind: 'rollback',
    reason: rollback.reason,
    deployments: [{ target: rollback.target, delivery: rollback.delivery, releaseId: rollback.toReleaseId, wave: 0, steps: await stepsOf(db, rollback.toReleaseId, components) }],
  });
  await appendEvent(db, rollback.at, {
    actor: rollback.actor,
    type: 'rollback.started',
    subject: releaseSubject(rollback.product, from!.version),
    summary: `${rollback.actor} rolls ${rollback.target} back from ${rollback.product} ${from!.version} to ${to!.version}: ${rollback.reason}`,
    data: { product: rollback.product, ring: rollback.ring, targets: [rollback.target], from: from!.version, to: to!.version, rollout: id, reason: rollback.reason },
  });
  return id;
}
