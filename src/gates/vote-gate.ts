/**
 * Go/No-Go gate: one vote per role (the latest by someone holding it counts);
 * a veto role's No-Go stops the release, `quorum` Go votes let it through, and
 * the round's closing time (the train's deploy time) or the gate's deadline
 * closes the vote.
 */
import { listNames, plural } from './gate-format.ts';
import type { GateSpec } from '../products/product-spec.ts';
import type { GateEvaluator, GateVerdict, VoteEvidence } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

/** The vote that counts for each role that voted: the latest one (the last listed on a tie). */
export function latestByRole(votes: readonly VoteEvidence[], roles: readonly string[]): Map<string, VoteEvidence> {
  const latest = new Map<string, VoteEvidence>();
  for (const vote of votes) {
    if (!roles.includes(vote.role)) continue;
    const seen = latest.get(vote.role);
    if (seen === undefined || Date.parse(vote.at) >= Date.parse(seen.at)) latest.set(vote.role, vote);
  }
  return latest;
}

/** When votes stop counting: the round's own closing time or the gate's deadline after opening, whichever is first; null if neither. */
export function voteClosesAt(gate: Extract<GateSpec, { kind: 'vote' }>, round: { openedAt: string | null; closesAt: string | null }): Date | null {
  const times: number[] = [];
  if (round.closesAt !== null) times.push(Date.parse(round.closesAt));
  if (round.openedAt !== null && gate.deadlineSeconds !== null) times.push(Date.parse(round.openedAt) + gate.deadlineSeconds * 1_000);
  return times.length === 0 ? null : new Date(Math.min(...times));
}

export const evaluateVoteGate: GateEvaluator<'vote'> = (gate, context): GateVerdict => {
  const { openedAt, votes } = context.vote;
  if (openedAt === null) return verdict(gate, 'waiting', 'the Go/No-Go vote has not opened');

  const latest = latestByRole(votes, gate.roles);
  for (const role of gate.veto) {
    const vote = latest.get(role);
    if (vote?.vote === 'no-go') return verdict(gate, 'fail', `${role} (${vote.user}) voted no-go${vote.reason === '' ? '' : `: ${vote.reason}`}`);
  }

  const goRoles = gate.roles.filter((role) => latest.get(role)?.vote === 'go');
  const tally = `${goRoles.length} of ${plural(gate.quorum, 'go vote')}`;
  if (goRoles.length >= gate.quorum) return verdict(gate, 'pass', `${tally} (${listNames(goRoles)})`);

  const closesAt = voteClosesAt(gate, context.vote);
  if (closesAt !== null && closesAt.getTime() <= context.now.getTime()) return verdict(gate, 'fail', `the vote closed at ${closesAt.toISOString()} with ${tally}`);

  const silent = gate.roles.filter((role) => !latest.has(role));
  const noGo = gate.roles.filter((role) => latest.get(role)?.vote === 'no-go');
  const waitingFor = silent.length > 0 ? `waiting for ${listNames(silent)}` : `every role has voted, no-go from ${listNames(noGo)}`;
  return verdict(gate, 'waiting', `${tally}; ${waitingFor}`);
};
