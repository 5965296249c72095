/**
 * What editing a release's notes and its runbook additions share: writing
 * under the release's row lock once the release is still open to the edit, so
 * that an edit and the blessing that would refuse it cannot pass each other.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import type { ConflictError } from '../platform/errors/errors.ts';
import type { ProductShape } from '../products/product-store.ts';
import { existingRelease } from '../releases/release-access.ts';
import type { ReleasesTable } from '../releases/release-types.ts';
import { lockRelease } from './release-document-store.ts';

export interface DocumentEdit {
  /** Why the release, as read under its lock, no longer takes the edit; null when it does. */
  refusal(row: ReleasesTable): ConflictError | null;
  /** The writes and their event, in the transaction; `at` is the time of the edit. */
  write(trx: Kysely<Database>, row: ReleasesTable, at: string): Promise<void>;
}

/** Runs the edit in one transaction holding the release's row lock; answers the release row. */
export async function editUnderReleaseLock(db: Kysely<Database>, clock: Clock, product: ProductShape, version: string, edit: DocumentEdit): Promise<ReleasesTable> {
  return db.transaction().execute(async (trx) => {
    await lockRelease(trx, (await existingRelease(trx, product, version)).id);
    // Read again under the lock: the state that decides the refusal may have changed just before it.
    const row = await existingRelease(trx, product, version);
    const refusal = edit.refusal(row);
    if (refusal) throw refusal;
    await edit.write(trx, row, isoNow(clock));
    return row;
  });
}
