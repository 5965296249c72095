import type { Generated } from 'kysely';

/** One line of the stream and one audit record. */
export interface EventRecord {
  id: number;
  at: string;
  actor: string;
  type: string;
  subject: string;
  summary: string;
  data: Record<string, unknown>;
}

export interface NewEvent {
  actor: string;
  type: string;
  subject: string;
  summary: string;
  data?: Record<string, unknown>;
}

export interface EventsTable {
  id: Generated<number>;
  at: string;
  actor: string;
  type: string;
  subject: string;
  summary: string;
  data: string;
}

export interface EventTables {
  events: EventsTable;
}
