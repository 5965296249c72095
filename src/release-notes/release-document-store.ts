/** Edited release notes and runbook additions: one row per release and kind. */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { ReleaseDocumentKind, ReleaseDocumentsTable } from './release-document-types.ts';

export async function findDocument(db: Kysely<Database>, releaseId: string, kind: ReleaseDocumentKind): Promise<ReleaseDocumentsTable | undefined> {
  return db.selectFrom('release_documents').selectAll().where('release_id', '=', releaseId).where('kind', '=', kind).executeTakeFirst();
}

/** Inserts or replaces the release's document of that kind. */
export async function saveDocument(db: Kysely<Database>, row: ReleaseDocumentsTable): Promise<void> {
  await db
    .insertInto('release_documents')
    .values(row)
    .onConflict((oc) => oc.columns(['release_id', 'kind']).doUpdateSet({ markdown: row.markdown, edited_by: row.edited_by, edited_at: row.edited_at }))
    .execute();
}

/** Answers whether there was one to delete. */
export async function deleteDocument(db: Kysely<Database>, releaseId: string, kind: ReleaseDocumentKind): Promise<boolean> {
  const result = await db.deleteFrom('release_documents').where('release_id', '=', releaseId).where('kind', '=', kind).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Takes the release's row lock for the rest of the transaction (a no-op update
 * locks on PostgreSQL and SQLite alike): an edit and the blessing that would
 * refuse it cannot pass each other.
 */
export async function lockRelease(db: Kysely<Database>, releaseId: string): Promise<void> {
  await db.updateTable('releases').set((eb) => ({ state: eb.ref('state') })).where('id', '=', releaseId).execute();
}
