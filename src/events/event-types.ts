import type { Generated } from 'kysely';

/** How the server names itself in the events it writes on its own (auto-promotion, waves, automatic rollback). */
export const SERVER_ACTOR = 'ringmaster';

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
