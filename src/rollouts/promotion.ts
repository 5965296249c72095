import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { describeBlockers } from '../gates/evaluate-gates.ts';
import { checkRing } from '../gates/gate-evidence.ts';
import { isUniqueViolation } from '../platform/db/dialect.ts';
import { ConflictError, NotFoundError } from '../platform/errors/errors.ts';
import { ringTargets, type ProductShape } from '../products/product-store.ts';
import { canPromote, nextState } from '../releases/release-lifecycle.ts';
import { findReleaseRow, moveRelease } from '../releases/release-store.ts';
import { type ReleaseState, releaseSubject } from '../releases/release-types.ts';
import { planWaves } from './rollout-plan.ts';
import { findPromotion, insertRollout, moveRollout, stepsOf, toRollout } from './rollout-store.ts';
import type { Rollout } from './rollout-types.ts';

export interface PromotionOutcome {
  rollout: Rollout;
  /** True when a halted or failed rollout was started again for its failed targets. */
  retried: boolean;
}

/**
 * A release enters a ring: ring order and gates are checked, then the rollout
 * and its deployments are written in one transaction. Two promotions racing
 * cannot both start: the second hits the one-promotion-per-ring index.
 */
export async function promoteRelease(
  db: Kysely<Database>,
  product: ProductShape,
  version: string,
  ringIndex: number,
  actor: string,
  now: Date,
): Promise<PromotionOutcome> {
  const ring = product.rings[ringIndex]!;
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const release = await findReleaseRow(trx, product.id, version);
      if (!release) throw new NotFoundError(`${product.name} has no release ${version}`);
      const state = release.state as ReleaseState;
      if (state === 'draft') throw new ConflictError(`${product.name} ${version} is a draft: mark it a candidate before promoting it`, [], 'not_promotable');
      if (!canPromote(state)) throw new ConflictError(`${product.name} ${version} is ${state}${release.state_reason ? ` (${release.state_reason})` : ''}: it cannot be promoted`, [], 'not_promotable');

      const existing = await findPromotion(trx, release.id, ring.name);
      if (existing && existing.state !== 'halted' && existing.state !== 'failed') {
        const what = existing.state === 'deploying' ? 'is already being promoted to' : `has already ${existing.state === 'succeeded' ? 'succeeded in' : `been ${existing.state} in`}`;
        throw new ConflictError(`${product.name} ${version} ${what} ${ring.name}`, [{ ring: ring.name, state: existing.state }], 'already_promoted');
      }

      const check = await checkRing(trx, product, release, ringIndex, now);
      if (check.order !== null) throw new ConflictError(`${product.name} ${version} cannot enter ${ring.name}: ${check.order}`, [{ ring: ring.name, order: check.order }], 'ring_order');
      if (!check.ready) {
        throw new ConflictError(
          `${product.name} ${version} cannot enter ${ring.name} yet:\n${describeBlockers(check.verdicts)}`,
          check.verdicts.map((v) => ({ ...v })),
          'gates_blocked',
        );
      }

      const moved = nextState(state, 'start-promotion');
      if (moved !== state && !(await moveRelease(trx, release.id, state, { state: moved, at, by: actor }))) {
        throw new ConflictError(`${product.name} ${version} changed while being promoted; try again`);
      }

      if (existing) {
        // A retry: the failed and cancelled targets of the rollout run again.
        const reset = await trx
          .updateTable('deployments')
          .set({ state: 'pending', error: null, finished_at: null, lease_owner: null, lease_expires_at: null })
          .where('rollout_id', '=', existing.id)
          .where('state', 'in', ['failed', 'cancelled'])
          .executeTakeFirst();
        await moveRollout(trx, existing.id, existing.state as 'halted', { state: 'deploying', failures: 0, reason: null, finished_at: null, next_wave_at: null });
        await appendEvent(trx, at, {
          actor,
          type: 'rollout.retried',
          subject: releaseSubject(product.name, version),
          summary: `${actor} retried ${product.name} ${version} in ${ring.name}: ${Number(reset.numUpdatedRows)} target(s) again`,
          data: { product: product.name, version, ring: ring.name, rollout: existing.id, targets: Number(reset.numUpdatedRows) },
        });
        const row = (await findPromotion(trx, release.id, ring.name))!;
        return { rollout: toRollout(row, product.name, version), retried: true };
      }

      const targets = await ringTargets(trx, product.id, ring.name);
      const plan = planWaves(targets.length, ring.rollout.waves);
      const steps = await stepsOf(trx, release.id, product.components.map((c) => c.name));
      const id = await insertRollout(trx, {
        productId: product.id,
        releaseId: release.id,
        ring: ring.name,
        kind: 'promotion',
        policy: ring.rollout,
        waves: plan.waveCount,
        startedBy: actor,
        at,
        deploymentKind: 'deploy',
        deployments: targets.map((t, i) => ({ target: t.name, delivery: t.delivery, releaseId: release.id, wave: plan.assignments[i]!, steps })),
      });
      const users = targets.reduce((sum, t) => sum + t.users, 0);
      const gates = check.verdicts.length === 0 ? 'no gates' : `gates passed: ${check.verdicts.map((v) => v.gate).join(', ')}`;
      await appendEvent(trx, at, {
        actor,
        type: 'rollout.started',
        subject: releaseSubject(product.name, version),
        summary: `${actor} promoted ${product.name} ${version} to ${ring.name}: ${targets.length} target(s), ${users} users, ${plan.waveCount} wave(s); ${gates}`,
        data: { product: product.name, version, ring: ring.name, rollout: id, targets: targets.length, users, waves: plan.waveCount, verdicts: check.verdicts },
      });
      const row = (await findPromotion(trx, release.id, ring.name))!;
      return { rollout: toRollout(row, product.name, version), retried: false };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`${product.name} ${version} is already being promoted to ${ring.name}`, [{ ring: ring.name }], 'already_promoted');
    }
    throw error;
  }
}
