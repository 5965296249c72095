import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import type { RolloutSpec } from '../products/product-spec.ts';
import { findReleaseRowById } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { startTargetRollback } from '../rollouts/rollback.ts';
import { cancelDeployments, findRollout, moveRollout } from '../rollouts/rollout-store.ts';
import type { DeploymentStep } from './deployment-types.ts';

export interface Finish {
  id: string;
  owner: string;
  state: 'succeeded' | 'failed';
  error: string | null;
  steps: DeploymentStep[];
  now: Date;
}

/**
 * Records a deployment's end in one transaction: the deployment, what the
 * target now runs, the rollout's failure count (halting it at the policy's
 * threshold) and, when the ring asks for it, a rollback of a target whose
 * verify step failed. False when the deployment was no longer ours.
 */
export async function finishDeployment(db: Kysely<Database>, finish: Finish): Promise<boolean> {
  const at = finish.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('deployments')
      .set({ state: finish.state, error: finish.error, steps: JSON.stringify(finish.steps), finished_at: at, lease_owner: null, lease_expires_at: null })
      .where('id', '=', finish.id)
      .where('lease_owner', '=', finish.owner)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;

    const deployment = await trx.selectFrom('deployments').selectAll().where('id', '=', finish.id).executeTakeFirstOrThrow();
    const rollout = (await findRollout(trx, deployment.rollout_id))!;
    const release = (await findReleaseRowById(trx, deployment.release_id))!;
    const product = (await trx.selectFrom('products').select('name').where('id', '=', deployment.product_id).executeTakeFirstOrThrow()).name;
    const before = await trx.selectFrom('target_states').select('release_id').where('product_id', '=', deployment.product_id).where('target', '=', deployment.target).executeTakeFirst();

    await trx
      .updateTable('target_states')
      .set({
        holder: null,
        held_until: null,
        last_deployment_id: deployment.id,
        last_state: finish.state,
        ...(finish.state === 'succeeded' ? { release_id: deployment.release_id, since: at } : {}),
      })
      .where('product_id', '=', deployment.product_id)
      .where('target', '=', deployment.target)
      .execute();

    const action = deployment.kind === 'rollback' ? 'rolled back to' : 'deployed';
    await appendEvent(trx, at, {
      actor: SERVER_ACTOR,
      type: `deployment.${finish.state}`,
      subject: releaseSubject(product, release.version),
      summary: finish.state === 'succeeded'
        ? `${deployment.target} ${action} ${product} ${release.version} (${deployment.ring})`
        : `${deployment.target} failed to ${deployment.kind === 'rollback' ? 'roll back to' : 'deploy'} ${product} ${release.version} (${deployment.ring}): ${finish.error ?? 'failed'}`,
      data: { product, version: release.version, ring: deployment.ring, target: deployment.target, deployment: deployment.id, kind: deployment.kind, error: finish.error },
    });

    if (finish.state === 'failed') {
      const policy = JSON.parse(rollout.policy) as RolloutSpec;
      await trx.updateTable('rollouts').set((eb) => ({ failures: eb('failures', '+', 1) })).where('id', '=', rollout.id).execute();
      const failures = Number((await findRollout(trx, rollout.id))!.failures);
      if (rollout.state === 'deploying' && failures >= policy.haltOnFailures) {
        const reason = `halted after ${failures} failed deployment(s) (haltOnFailures ${policy.haltOnFailures})`;
        if (await moveRollout(trx, rollout.id, 'deploying', { state: 'halted', reason, finished_at: at })) {
          const cancelled = await cancelDeployments(trx, rollout.id, at, 'the rollout halted', false);
          await appendEvent(trx, at, {
            actor: SERVER_ACTOR,
            type: 'rollout.halted',
            subject: releaseSubject(product, release.version),
            summary: `${product} ${release.version} in ${rollout.ring} ${reason}; ${cancelled} target(s) not deployed`,
            data: { product, version: release.version, ring: rollout.ring, rollout: rollout.id, failures, cancelled },
          });
        }
      }
      const verifyFailed = finish.steps.some((s) => s.state === 'failed' && s.phase === 'verify');
      const previous = before?.release_id ?? null;
      if (policy.autoRollback && verifyFailed && deployment.kind === 'deploy' && previous !== null && previous !== deployment.release_id) {
        await startTargetRollback(trx, {
          productId: deployment.product_id,
          product,
          ring: deployment.ring,
          target: deployment.target,
          delivery: deployment.delivery,
          fromReleaseId: deployment.release_id,
          toReleaseId: previous,
          actor: SERVER_ACTOR,
          reason: `verify failed on ${deployment.target}`,
          at,
        });
      }
    }
    return true;
  });
}
