export interface EvidenceFilesTable {
  id: string;
  release_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  /** Base64. */
  content: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ChecklistTicksTable {
  release_id: string;
  ring: string;
  role: string;
  item: string;
  user_name: string;
  note: string;
  link: string | null;
  file_id: string | null;
  at: string;
}

export interface ChecklistTables {
  evidence_files: EvidenceFilesTable;
  checklist_ticks: ChecklistTicksTable;
}
