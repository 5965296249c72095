/**
 * "The release before it in the ring", which notes and runbooks compare
 * against: the newest other release of the product, created before this one,
 * whose promotion into the ring succeeded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { ringIndexOf } from '../products/product-access.ts';
import type { ProductShape } from '../products/product-store.ts';
import type { ReleasesTable } from '../releases/release-types.ts';

/** The ring asked for (checked), else the train's ring, else the last ring; null for a product without rings. */
export function chooseRing(product: ProductShape, asked: string | undefined): string | null {
  if (asked !== undefined) return product.rings[ringIndexOf(product, asked)]!.name;
  const train = product.train?.ring;
  if (train !== undefined && product.rings.some((r) => r.name === train)) return train;
  return product.rings.at(-1)?.name ?? null;
}

export async function previousReleaseInRing(db: Kysely<Database>, productId: string, release: Pick<ReleasesTable, 'id' | 'created_at'>, ring: string | null): Promise<ReleasesTable | undefined> {
  if (ring === null) return undefined;
  return db
    .selectFrom('releases')
    .innerJoin('rollouts', 'rollouts.release_id', 'releases.id')
    .selectAll('releases')
    .where('releases.product_id', '=', productId)
    .where('releases.id', '!=', release.id)
    .where('releases.created_at', '<', release.created_at)
    .where('rollouts.kind', '=', 'promotion')
    .where('rollouts.ring', '=', ring)
    .where('rollouts.state', '=', 'succeeded')
    .orderBy('releases.created_at', 'desc')
    .orderBy('releases.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
