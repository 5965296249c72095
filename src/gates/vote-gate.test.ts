import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import type { GateStatus, VoteEvidence } from './gate-types.ts';
import { gateContext } from './testing/gate-context.ts';
import { evaluateVoteGate } from './vote-gate.ts';

type VoteGate = Extract<GateSpec, { kind: 'vote' }>;

const gate: VoteGate = { kind: 'vote', roles: ['module-lead', 'sre', 'qa', 'product'], veto: ['qa', 'sre'], quorum: 4, deadlineSeconds: 3_600 };
const OPENED = '2026-11-23T09:30:00.000Z'; // now is 10:00, so the 1h deadline is at 10:30

function vote(role: string, user: string, value: 'go' | 'no-go', minute: number, reason = ''): VoteEvidence {
  return { role, user, vote: value, reason, at: `2026-11-23T09:${String(minute).padStart(2, '0')}:00.000Z` };
}

const allGo = [vote('module-lead', 'mia', 'go', 31), vote('sre', 'dave', 'go', 32), vote('qa', 'carol', 'go', 33), vote('product', 'pat', 'go', 34)];

describe('vote gate', () => {
  const cases: { name: string; gate?: VoteGate; openedAt?: string | null; closesAt?: string; votes: VoteEvidence[]; now?: string; status: GateStatus; reason: string }[] = [
    { name: 'passes with a go from every role', votes: allGo, status: 'pass', reason: '4 of 4 go votes (module-lead, sre, qa, product)' },
    {
      name: 'passes once the quorum is met',
      gate: { ...gate, quorum: 2 },
      votes: [vote('sre', 'dave', 'go', 31), vote('product', 'pat', 'go', 32), vote('module-lead', 'mia', 'no-go', 33)],
      status: 'pass',
      reason: '2 of 2 go votes (sre, product)',
    },
    { name: 'waits until the vote opens', openedAt: null, votes: [], status: 'waiting', reason: 'the Go/No-Go vote has not opened' },
    {
      name: 'waits naming the roles yet to vote',
      votes: [vote('module-lead', 'mia', 'go', 31), vote('product', 'pat', 'go', 32)],
      status: 'waiting',
      reason: '2 of 4 go votes; waiting for sre, qa',
    },
    {
      name: 'a veto role voting no-go fails the gate',
      votes: [...allGo.slice(0, 2), vote('qa', 'carol', 'no-go', 40, 'login regression in e2e'), allGo[3] as VoteEvidence],
      status: 'fail',
      reason: 'qa (carol) voted no-go: login regression in e2e',
    },
    {
      name: 'the latest vote of a role counts: a veto withdrawn',
      votes: [vote('qa', 'carol', 'no-go', 31, 'flaky'), ...allGo.slice(0, 2), vote('qa', 'quinn', 'go', 45), allGo[3] as VoteEvidence],
      status: 'pass',
      reason: '4 of 4 go votes (module-lead, sre, qa, product)',
    },
    {
      name: 'the latest vote of a role counts: a go turned into a veto',
      votes: [...allGo, vote('sre', 'erin', 'no-go', 50, 'pager storm')],
      status: 'fail',
      reason: 'sre (erin) voted no-go: pager storm',
    },
    {
      name: 'a no-go from a role without veto does not fail by itself',
      votes: [vote('product', 'pat', 'no-go', 31), vote('qa', 'carol', 'go', 32)],
      status: 'waiting',
      reason: '1 of 4 go votes; waiting for module-lead, sre',
    },
    {
      name: 'votes by roles outside the vote are ignored',
      votes: [vote('developer', 'dev1', 'go', 31), vote('developer', 'dev2', 'no-go', 32), vote('qa', 'carol', 'go', 33)],
      status: 'waiting',
      reason: '1 of 4 go votes; waiting for module-lead, sre, product',
    },
    {
      name: 'fails once the deadline passed without a quorum',
      votes: [vote('module-lead', 'mia', 'go', 31), vote('product', 'pat', 'go', 32)],
      now: '2026-11-23T10:30:00.000Z',
      status: 'fail',
      reason: 'the vote closed at 2026-11-23T10:30:00.000Z with 2 of 4 go votes',
    },
    {
      name: "the round's closing time (the train's deploy time) closes it before the gate's deadline",
      votes: [vote('module-lead', 'mia', 'go', 31)],
      closesAt: '2026-11-23T09:45:00.000Z',
      status: 'fail',
      reason: 'the vote closed at 2026-11-23T09:45:00.000Z with 1 of 4 go votes',
    },
    {
      name: 'a quorum reached before the round closed still passes after it',
      votes: allGo,
      closesAt: '2026-11-23T09:45:00.000Z',
      status: 'pass',
      reason: '4 of 4 go votes (module-lead, sre, qa, product)',
    },
    {
      name: 'without a deadline the vote stays open',
      gate: { ...gate, deadlineSeconds: null },
      votes: [vote('module-lead', 'mia', 'go', 31)],
      now: '2027-01-01T00:00:00.000Z',
      status: 'waiting',
      reason: '1 of 4 go votes; waiting for sre, qa, product',
    },
    {
      name: 'says so when every role voted and the quorum is still missed',
      gate: { ...gate, quorum: 3, deadlineSeconds: null },
      votes: [vote('module-lead', 'mia', 'no-go', 31), vote('sre', 'dave', 'go', 32), vote('qa', 'carol', 'go', 33), vote('product', 'pat', 'no-go', 34)],
      status: 'waiting',
      reason: '2 of 3 go votes; every role has voted, no-go from module-lead, product',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const g = c.gate ?? gate;
      const context = gateContext(g, { vote: { openedAt: c.openedAt === undefined ? OPENED : c.openedAt, closesAt: c.closesAt ?? null, votes: c.votes }, ...(c.now ? { now: new Date(c.now) } : {}) });
      assert.deepEqual(evaluateVoteGate(g, context), { gate: 'vote', kind: 'vote', status: c.status, reason: c.reason });
    });
  }
});
