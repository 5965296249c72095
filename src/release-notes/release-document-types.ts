/** notes: the whole edited release notes (replacing the generated ones); runbook: release-specific additions. */
export const RELEASE_DOCUMENT_KINDS = ['notes', 'runbook'] as const;
export type ReleaseDocumentKind = (typeof RELEASE_DOCUMENT_KINDS)[number];

export interface ReleaseDocumentsTable {
  release_id: string;
  kind: ReleaseDocumentKind;
  markdown: string;
  edited_by: string;
  edited_at: string;
}

export interface ReleaseDocumentTables {
  release_documents: ReleaseDocumentsTable;
}
