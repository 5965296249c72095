/** A ring's Go/No-Go in words: the round's state, each role's ballot that counts, the tally and who must pick a role. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ballot, VoteRing } from '../../web/src/app/api.ts';
import { ballotRoles, describeRound, describeTally, roleVotes, roundState, tally } from '../../web/src/releases/vote-words.ts';

const NOW = Date.parse('2026-12-04T10:45:00Z');

function ballot(role: string, vote: Ballot['vote'], user = role, reason = ''): Ballot {
  return { role, user, vote, reason, at: '2026-12-04T10:40:00Z' };
}

function ring(change: Partial<VoteRing> = {}): VoteRing {
  return {
    ring: 'production',
    roles: ['module-lead', 'sre', 'qa', 'product'],
    holders: { 'module-lead': ['mia'], sre: ['dave'], qa: ['carol'], product: ['pat'] },
    veto: ['qa', 'sre'],
    quorum: 4,
    openedAt: null,
    closesAt: null,
    openedBy: null,
    decision: null,
    decisionReason: null,
    decidedAt: null,
    ballots: [],
    latest: {},
    verdict: { gate: 'vote', kind: 'vote', status: 'waiting', reason: 'not open' },
    ...change,
  };
}

describe('roundState', () => {
  const table: [string, Partial<VoteRing>, ReturnType<typeof roundState>][] = [
    ['never opened', {}, 'not-open'],
    ['open without a close', { openedAt: '2026-12-04T10:30:00Z' }, 'open'],
    ['open until later', { openedAt: '2026-12-04T10:30:00Z', closesAt: '2026-12-04T11:30:00Z' }, 'open'],
    ['past its close, not yet decided', { openedAt: '2026-12-04T10:30:00Z', closesAt: '2026-12-04T10:45:00Z' }, 'closed'],
    ['decided', { openedAt: '2026-12-04T10:30:00Z', closesAt: '2026-12-04T10:40:00Z', decision: 'no-go' }, 'decided'],
    ['decided before its close', { openedAt: '2026-12-04T10:30:00Z', closesAt: '2026-12-04T11:30:00Z', decision: 'go' }, 'decided'],
  ];
  for (const [name, change, expected] of table) {
    it(name, () => assert.equal(roundState(ring(change), NOW), expected));
  }

  it('says what each state means for voters', () => {
    assert.match(describeRound('not-open'), /once a release manager or the release train opens/);
    assert.match(describeRound('open'), /latest ballot counts/);
    assert.match(describeRound('closed'), /no longer change/);
  });
});

describe('roleVotes and tally', () => {
  it('lists every voting role in order with its veto and the ballot that counts', () => {
    const votes = roleVotes(ring({ latest: { qa: ballot('qa', 'no-go', 'quinn', 'load test failed'), sre: ballot('sre', 'go') } }));
    assert.deepEqual(
      votes.map((v) => [v.role, v.veto, v.ballot?.vote ?? null]),
      [
        ['module-lead', false, null],
        ['sre', true, 'go'],
        ['qa', true, 'no-go'],
        ['product', false, null],
      ],
    );
    assert.equal(votes[2]?.ballot?.reason, 'load test failed');
  });

  it('counts go, no-go and missing votes, and names the vetoes', () => {
    const latest = { qa: ballot('qa', 'no-go'), sre: ballot('sre', 'go'), product: ballot('product', 'no-go') };
    assert.deepEqual(tally(ring({ latest })), { go: ['sre'], noGo: ['qa', 'product'], missing: ['module-lead'], vetoedBy: ['qa'] });
  });

  it('ignores ballots of roles that do not vote on the ring', () => {
    assert.deepEqual(tally(ring({ latest: { ops: ballot('ops', 'no-go') } })).noGo, []);
  });
});

describe('describeTally', () => {
  const table: [string, Partial<VoteRing>, string][] = [
    ['nobody voted, all needed', {}, '0 go, 0 no-go, 4 not voted; go from all 4 needed'],
    ['a quorum below all', { quorum: 3, latest: { sre: ballot('sre', 'go'), 'module-lead': ballot('module-lead', 'go') } }, '2 go, 0 no-go, 2 not voted; 3 of 4 go needed'],
    [
      'a veto',
      { latest: { sre: ballot('sre', 'go'), 'module-lead': ballot('module-lead', 'go'), qa: ballot('qa', 'no-go'), product: ballot('product', 'go') } },
      '3 go, 1 no-go; go from all 4 needed; vetoed by qa',
    ],
    ['a no-go without a veto', { veto: [], latest: { product: ballot('product', 'no-go') } }, '0 go, 1 no-go, 3 not voted; go from all 4 needed'],
  ];
  for (const [name, change, expected] of table) {
    it(name, () => assert.equal(describeTally(ring(change)), expected));
  }
});

describe('ballotRoles', () => {
  it('offers the voting roles the person holds, and asks to choose among several', () => {
    assert.deepEqual(ballotRoles(ring(), ['qa']), { roles: ['qa'], mustChoose: false });
    assert.deepEqual(ballotRoles(ring(), ['viewer']), { roles: [], mustChoose: false });
    assert.deepEqual(ballotRoles(ring(), ['release-manager', 'qa', 'sre']), { roles: ['sre', 'qa'], mustChoose: true }, "in the gate's order, others left out");
  });
});
