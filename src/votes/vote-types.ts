export const VOTE_CHOICES = ['go', 'no-go'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface VoteRoundsTable {
  release_id: string;
  ring: string;
  opened_by: string;
  opened_at: string;
  /** null: open until the release enters the ring. */
  closes_at: string | null;
  decision: VoteChoice | null;
  decision_reason: string | null;
  decided_at: string | null;
}

export interface BallotsTable {
  id: string;
  release_id: string;
  ring: string;
  role: string;
  user_name: string;
  vote: VoteChoice;
  reason: string;
  at: string;
}

export interface VoteTables {
  vote_rounds: VoteRoundsTable;
  ballots: BallotsTable;
}
