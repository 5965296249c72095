import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import { andList, castSummary, decidedSummary, openedSummary } from './vote-words.ts';

type VoteGate = Extract<GateSpec, { kind: 'vote' }>;
const gate: VoteGate = { kind: 'vote', roles: ['module-lead', 'sre', 'qa', 'product'], veto: ['qa', 'sre'], quorum: 4, deadlineSeconds: null };

describe('vote event summaries', () => {
  it('joins names with a final "and"', () => {
    assert.deepEqual([[], ['qa'], ['qa', 'sre'], ['a', 'b', 'c']].map(andList), ['', 'qa', 'qa and sre', 'a, b and c']);
  });

  const opened: { name: string; gate: VoteGate; closesAt: string | null; summary: string }[] = [
    {
      name: 'every role votes, two can veto, with a closing time',
      gate,
      closesAt: '2026-12-04T11:30:00.000Z',
      summary: 'vote opened on daily-train 1.5.0 for production: module-lead, sre, qa, product vote, qa and sre can veto; closes 2026-12-04T11:30:00.000Z',
    },
    {
      name: 'a quorum below every role, no veto, no deadline',
      gate: { ...gate, veto: [], quorum: 3 },
      closesAt: null,
      summary: 'vote opened on daily-train 1.5.0 for production: module-lead, sre, qa, product vote (3 go votes needed); no deadline',
    },
    {
      name: 'a quorum of one and one veto',
      gate: { ...gate, roles: ['qa', 'sre'], veto: ['qa'], quorum: 1 },
      closesAt: null,
      summary: 'vote opened on daily-train 1.5.0 for production: qa, sre vote (1 go vote needed), qa can veto; no deadline',
    },
  ];
  for (const c of opened) {
    it(`opened: ${c.name}`, () => {
      assert.equal(openedSummary('daily-train', '1.5.0', 'production', c.gate, c.closesAt === null ? null : new Date(c.closesAt)), c.summary);
    });
  }

  it('says who voted what as which role, with the reason when there is one', () => {
    assert.equal(castSummary('carol', 'qa', 'no-go', 'daily-train', '1.5.0', 'production', 'login broken'), 'carol (qa) voted no-go on daily-train 1.5.0 for production: login broken');
    assert.equal(castSummary('mia', 'module-lead', 'go', 'daily-train', '1.5.0', 'production', ''), 'mia (module-lead) voted go on daily-train 1.5.0 for production');
  });

  it('gives the decision with the verdict that made it', () => {
    assert.equal(
      decidedSummary('daily-train', '1.5.0', 'production', 'no-go', 'qa (carol) voted no-go: login broken'),
      'Go/No-Go on daily-train 1.5.0 for production decided no-go: qa (carol) voted no-go: login broken',
    );
  });
});
