import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { ChecklistTicksTable, EvidenceFilesTable } from './checklist-types.ts';

/** The release's ticks for one ring, or every ring when `ring` is left out. */
export async function listTicks(db: Kysely<Database>, releaseId: string, ring?: string): Promise<ChecklistTicksTable[]> {
  let q = db.selectFrom('checklist_ticks').selectAll().where('release_id', '=', releaseId);
  if (ring !== undefined) q = q.where('ring', '=', ring);
  return q.orderBy('ring').orderBy('role').orderBy('item').execute();
}

export interface TickKey {
  releaseId: string;
  ring: string;
  role: string;
  item: string;
}

/** A tick replaces an earlier tick of the same item (new note, link or file). */
export async function saveTick(db: Kysely<Database>, tick: ChecklistTicksTable): Promise<void> {
  await db
    .insertInto('checklist_ticks')
    .values(tick)
    .onConflict((oc) =>
      oc.columns(['release_id', 'ring', 'role', 'item']).doUpdateSet({ user_name: tick.user_name, note: tick.note, link: tick.link, file_id: tick.file_id, at: tick.at }),
    )
    .execute();
}

/** Whether there was a tick to remove. */
export async function deleteTick(db: Kysely<Database>, key: TickKey): Promise<boolean> {
  const result = await db
    .deleteFrom('checklist_ticks')
    .where('release_id', '=', key.releaseId)
    .where('ring', '=', key.ring)
    .where('role', '=', key.role)
    .where('item', '=', key.item)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertEvidenceFile(db: Kysely<Database>, file: EvidenceFilesTable): Promise<void> {
  await db.insertInto('evidence_files').values(file).execute();
}

export type EvidenceFileInfo = Omit<EvidenceFilesTable, 'content'>;

/** The files' descriptions without their content, by id. */
export async function evidenceFileInfos(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, EvidenceFileInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence_files')
    .select(['id', 'release_id', 'name', 'media_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { ...r, size: Number(r.size) }]));
}

/** One file of the release, with its content; another release's file is not found. */
export async function findEvidenceFile(db: Kysely<Database>, releaseId: string, id: string): Promise<EvidenceFilesTable | undefined> {
  const row = await db.selectFrom('evidence_files').selectAll().where('release_id', '=', releaseId).where('id', '=', id).executeTakeFirst();
  return row && { ...row, size: Number(row.size) };
}
