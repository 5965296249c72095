import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { NotFoundError } from '../platform/errors/errors.ts';
import type { ProductShape } from '../products/product-store.ts';
import { findReleaseRow } from './release-store.ts';
import type { ReleasesTable } from './release-types.ts';

/** The release `version` of `product`, or a NotFoundError. Inside a transaction pass it as `db`: SQLite has one connection, so a query outside it would wait forever. */
export async function existingRelease(db: Kysely<Database>, product: ProductShape, version: string): Promise<ReleasesTable> {
  const row = await findReleaseRow(db, product.id, version);
  if (!row) throw new NotFoundError(`${product.name} has no release ${version}`);
  return row;
}
