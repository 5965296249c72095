/**
 * A ring's Go/No-Go in words: whether ballots are taken, each role's vote and
 * the tally. Pure and free of value imports, so its unit test runs in Node.
 */
import type { Ballot, VoteRing } from '../app/api.ts';

/** not-open: nobody opened it; open: ballots count; closed: past its close, the decision is being recorded; decided. */
export type RoundState = 'not-open' | 'open' | 'closed' | 'decided';

type Round = Pick<VoteRing, 'openedAt' | 'closesAt' | 'decision'>;

export function roundState(round: Round, now: number): RoundState {
  if (round.openedAt === null) return 'not-open';
  if (round.decision !== null) return 'decided';
  if (round.closesAt !== null && Date.parse(round.closesAt) <= now) return 'closed';
  return 'open';
}

const ROUND_WORDS: Record<RoundState, string> = {
  'not-open': 'Not open: ballots are taken once a release manager or the release train opens the vote.',
  open: 'Open: each voting role’s latest ballot counts until the vote closes.',
  closed: 'Closed: ballots no longer change; the decision is being recorded.',
  decided: 'Decided: ballots no longer change.',
};

export function describeRound(state: RoundState): string {
  return ROUND_WORDS[state];
}

export interface RoleVote {
  role: string;
  veto: boolean;
  /** The ballot that counts (the role's latest), or null when the role has not voted. */
  ballot: Ballot | null;
}

/** Every voting role in the gate's order, with its veto and the ballot that counts. */
export function roleVotes(ring: Pick<VoteRing, 'roles' | 'veto' | 'latest'>): RoleVote[] {
  return ring.roles.map((role) => ({ role, veto: ring.veto.includes(role), ballot: ring.latest[role] ?? null }));
}

export interface Tally {
  go: string[];
  noGo: string[];
  missing: string[];
  /** Veto roles that voted no-go: any one of them stops the release. */
  vetoedBy: string[];
}

export function tally(ring: Pick<VoteRing, 'roles' | 'veto' | 'latest'>): Tally {
  const votes = roleVotes(ring);
  const noGo = votes.filter((v) => v.ballot?.vote === 'no-go').map((v) => v.role);
  return {
    go: votes.filter((v) => v.ballot?.vote === 'go').map((v) => v.role),
    noGo,
    missing: votes.filter((v) => v.ballot === null).map((v) => v.role),
    vetoedBy: noGo.filter((role) => ring.veto.includes(role)),
  };
}

/** "2 go, 1 no-go, 1 not voted; 3 go needed; vetoed by qa". */
export function describeTally(ring: Pick<VoteRing, 'roles' | 'veto' | 'latest' | 'quorum'>): string {
  const t = tally(ring);
  const counts = [`${t.go.length} go`, `${t.noGo.length} no-go`, ...(t.missing.length > 0 ? [`${t.missing.length} not voted`] : [])].join(', ');
  const needed = ring.quorum >= ring.roles.length ? `go from all ${ring.roles.length} needed` : `${ring.quorum} of ${ring.roles.length} go needed`;
  const veto = t.vetoedBy.length > 0 ? `; vetoed by ${t.vetoedBy.join(', ')}` : '';
  return `${counts}; ${needed}${veto}`;
}

/** The roles a person may vote as, and whether they must pick one (the server wants `role` then). */
export function ballotRoles(ring: Pick<VoteRing, 'roles'>, held: readonly string[]): { roles: string[]; mustChoose: boolean } {
  const roles = ring.roles.filter((role) => held.includes(role));
  return { roles, mustChoose: roles.length > 1 };
}
