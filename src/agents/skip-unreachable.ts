import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import type { RolloutSpec } from '../products/product-spec.ts';
import { releaseSubject } from '../releases/release-types.ts';

/**
 * Rings whose policy says `unreachable: skip` go on without pull targets whose
 * agent has not called in for `unreachableMs` (or never has): their
 * deployments in the current wave become skipped, and the agent gets the
 * release when it calls in again. Conditional updates: any server may run it.
 * Answers how many deployments it skipped.
 */
export async function skipUnreachable(db: Kysely<Database>, now: Date, unreachableMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - unreachableMs).toISOString();
  const at = now.toISOString();
  const candidates = await db
    .selectFrom('deployments as d')
    .innerJoin('rollouts as r', 'r.id', 'd.rollout_id')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .innerJoin('releases as rel', 'rel.id', 'd.release_id')
    .leftJoin('agents as a', (join) => join.onRef('a.product_id', '=', 'd.product_id').onRef('a.target', '=', 'd.target'))
    .select(['d.id', 'd.target', 'd.ring', 'd.state', 'd.kind', 'r.policy', 'p.name as product', 'rel.version', 'a.last_contact_at'])
    .where('d.delivery', '=', 'pull')
    .where('d.state', 'in', ['pending', 'running'])
    .where('r.state', '=', 'deploying')
    .where((eb) => eb('d.wave', '<=', eb.ref('r.current_wave')))
    .where((eb) => eb.or([eb('a.last_contact_at', 'is', null), eb('a.last_contact_at', '<', cutoff)]))
    .execute();
  let skipped = 0;
  for (const c of candidates) {
    if ((JSON.parse(c.policy) as RolloutSpec).unreachable !== 'skip') continue;
    const last = c.last_contact_at === null ? 'its agent has never called in' : `its agent last called in at ${c.last_contact_at}`;
    const reason = `unreachable: ${last}`;
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('deployments')
        .set({ state: 'skipped', error: reason, lease_owner: null, lease_expires_at: null })
        .where('id', '=', c.id)
        .where('state', '=', c.state)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
      await trx.updateTable('target_states').set({ holder: null, held_until: null }).where('holder', '=', c.id).execute();
      skipped++;
      await appendEvent(trx, at, {
        actor: SERVER_ACTOR,
        type: 'deployment.skipped',
        subject: releaseSubject(c.product, c.version),
        summary: `${c.target} skipped in ${c.ring} for ${c.product} ${c.version}: ${last}; it gets the release when it calls in`,
        data: { product: c.product, version: c.version, ring: c.ring, target: c.target, deployment: c.id, kind: c.kind, lastContactAt: c.last_contact_at },
      });
    });
  }
  return skipped;
}
