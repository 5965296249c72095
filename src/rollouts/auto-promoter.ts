import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import { ConflictError } from '../platform/errors/errors.ts';
import type { RingSpec } from '../products/product-spec.ts';
import { loadProductShape } from '../products/product-store.ts';
import { promoteRelease } from './promotion.ts';

/**
 * Rings with `autoPromote` take every release that may enter them as soon as
 * their gates pass. Blocked releases are simply tried again on a later pass
 * (a soak or a window opens by itself). Answers how many promotions started.
 */
export async function autoPromote(db: Kysely<Database>, now: Date): Promise<number> {
  const rings = await db.selectFrom('rings').innerJoin('products', 'products.id', 'rings.product_id').select(['products.id as productId', 'products.name as product', 'rings.spec', 'rings.position']).execute();
  const auto = rings.filter((r) => (JSON.parse(r.spec) as RingSpec).rollout.autoPromote);
  let started = 0;
  for (const entry of auto) {
    const ring = (JSON.parse(entry.spec) as RingSpec).name;
    const position = Number(entry.position);
    const previous = position === 0 ? null : rings.find((r) => r.productId === entry.productId && Number(r.position) === position - 1);
    const previousName = previous ? (JSON.parse(previous.spec) as RingSpec).name : null;
    let q = db
      .selectFrom('releases as r')
      .select('r.version')
      .where('r.product_id', '=', entry.productId)
      .where('r.state', 'in', ['candidate', 'in-progress', 'blessed'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('rollouts as o').select('o.id').whereRef('o.release_id', '=', 'r.id').where('o.ring', '=', ring).where('o.kind', '=', 'promotion'))));
    if (previousName !== null) {
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('rollouts as p').select('p.id').whereRef('p.release_id', '=', 'r.id').where('p.ring', '=', previousName).where('p.kind', '=', 'promotion').where('p.state', '=', 'succeeded')),
      );
    }
    const waiting = await q.orderBy('r.created_at').execute();
    if (waiting.length === 0) continue;
    const product = await loadProductShape(db, entry.product);
    if (!product) continue;
    for (const { version } of waiting) {
      try {
        await promoteRelease(db, product, version, position, SERVER_ACTOR, now);
        started++;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }
  return started;
}
