import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct } from '../auth/permissions.ts';
import { InputError, NotFoundError } from '../platform/errors/errors.ts';
import { didYouMean } from './product-file/suggest.ts';
import { loadProductShape, type ProductShape } from './product-store.ts';

/** The product if it exists and the caller may see it; a CI token of another product gets the same 404. */
export async function visibleProduct(db: Kysely<Database>, by: Principal, name: string): Promise<ProductShape> {
  const shape = canSeeProduct(by, name) ? await loadProductShape(db, name) : null;
  if (!shape) throw new NotFoundError(`product '${name}' does not exist`);
  return shape;
}

/** The ring's position in the product, or an error listing the rings. */
export function ringIndexOf(product: ProductShape, ring: string): number {
  const index = product.rings.findIndex((r) => r.name === ring);
  if (index < 0) {
    const names = product.rings.map((r) => r.name);
    throw new InputError(`${product.name} has no ring '${ring}'${didYouMean(ring, names)}; rings are ${names.join(', ')}`, [{ field: 'ring', value: ring }], 'unknown_ring');
  }
  return index;
}
