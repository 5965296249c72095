import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChecklistItemAnswer, ChecklistRing, VoteRing } from '../../client/api-types.ts';
import { checklistsView, tickLines, votedLines, votesView } from './people-views.ts';

const waiting = { gate: 'checklist', kind: 'checklist', status: 'waiting' as const, reason: '1 required item not ticked: qa: sanity-owner' };

const checklist: ChecklistRing = {
  ring: 'staging',
  verdict: waiting,
  roles: [
    {
      role: 'qa',
      holders: ['carol'],
      items: [
        {
          id: 'automation-passed',
          text: 'Automation passed',
          required: true,
          evidence: 'required',
          tick: { user: 'carol', at: '2026-12-04T10:00:00.123Z', note: 'run 42', link: 'https://ci.example/42', file: { id: 'f1', name: 'report.pdf', size: 1536, mediaType: 'application/pdf', sha256: 'ab' } },
        },
        { id: 'sanity-owner', text: 'Sanity owner named', required: true, evidence: 'optional', tick: null },
      ],
    },
    { role: 'product', holders: [], items: [{ id: 'pricing', text: 'Pricing\treviewed', required: false, evidence: 'optional', tick: null }] },
  ],
};

const round: VoteRing = {
  ring: 'production',
  roles: ['qa', 'sre', 'product'],
  holders: { qa: ['carol'], sre: ['dave'], product: ['pat'] },
  veto: ['qa'],
  quorum: 2,
  openedAt: '2026-12-04T10:00:00.000Z',
  closesAt: '2026-12-04T11:00:00.000Z',
  openedBy: 'user:alice',
  decision: null,
  decisionReason: null,
  decidedAt: null,
  ballots: [
    { role: 'qa', user: 'carol', vote: 'no-go', reason: 'login broken', at: '2026-12-04T10:01:00.000Z' },
    { role: 'qa', user: 'carol', vote: 'go', reason: '', at: '2026-12-04T10:05:00.000Z' },
  ],
  latest: { qa: { role: 'qa', user: 'carol', vote: 'go', reason: '', at: '2026-12-04T10:05:00.000Z' } },
  verdict: { gate: 'vote', kind: 'vote', status: 'waiting', reason: '1 of 2 go votes; waiting for sre, product' },
};

describe('checklist and vote views', () => {
  it('lists checklist items with their ticks and evidence, and who may tick', () => {
    assert.equal(
      checklistsView([checklist]),
      [
        'staging checklist waiting: 1 required item not ticked: qa: sanity-owner',
        'ROLE      ITEM                REQUIRED   EVIDENCE   TICKED    AT                     ATTACHED                                           NOTE / TEXT',
        'qa        automation-passed   yes        required   ✓ carol   2026-12-04T10:00:00Z   https://ci.example/42, file report.pdf (1.5 KiB)   run 42',
        'qa        sanity-owner        yes        -          -         -                      -                                                  Sanity owner named',
        'product   pricing             no         -          -         -                      -                                                  Pricing reviewed',
        'who may tick: qa: carol; product: nobody',
        '',
      ].join('\n'),
    );
    assert.equal(checklistsView([]), 'no ring of this release has a checklist\n');
  });

  it('says what a tick or untick did and where the checklist stands', () => {
    const [role] = checklist.roles;
    const answer: ChecklistItemAnswer = { ...role!.items[0]!, ring: 'staging', role: 'qa', verdict: { ...waiting, status: 'pass', reason: '2 required items ticked by qa' } };
    assert.equal(tickLines(answer, 'ticked'), "ticked qa's automation-passed for staging with https://ci.example/42, file report.pdf (1.5 KiB)\nstaging checklist pass: 2 required items ticked by qa\n");
    assert.equal(tickLines({ ...answer, tick: null, verdict: waiting }, 'unticked'), "unticked qa's automation-passed for staging\nstaging checklist waiting: 1 required item not ticked: qa: sanity-owner\n");
  });

  it("shows the round, the verdict and each role's vote that counts", () => {
    assert.equal(
      votesView([round]),
      [
        'production Go/No-Go: opened 2026-12-04T10:00:00Z by user:alice, closes 2026-12-04T11:00:00Z; quorum 2 of 3, veto: qa',
        'verdict waiting: 1 of 2 go votes; waiting for sre, product',
        'ROLE      VETO   VOTE   BY      AT                     REASON',
        'qa        yes    go     carol   2026-12-04T10:05:00Z   -',
        'sre       no     -      -       -                      -',
        'product   no     -      -       -                      -',
        '2 ballots in all (the latest of each role counts; --json lists every one)',
        '',
      ].join('\n'),
    );
    const decided = { ...round, decision: 'no-go' as const, decisionReason: 'the vote closed at 2026-12-04T11:00:00.000Z with 1 of 2 go votes', decidedAt: '2026-12-04T11:00:00.000Z' };
    assert.match(votesView([decided]), /^production Go\/No-Go: decided no-go at 2026-12-04T11:00:00Z \(the vote closed at .* with 1 of 2 go votes\); quorum 2 of 3, veto: qa\n/);
    assert.match(votesView([{ ...round, openedAt: null, openedBy: null, closesAt: null, ballots: [], latest: {} }]), /^production Go\/No-Go: not opened; quorum 2 of 3, veto: qa\n/);
    assert.equal(votesView([]), 'no ring of this release has a Go/No-Go vote\n');
  });

  it('confirms a vote with the role it counted for', () => {
    assert.equal(votedLines(round, null, 'go'), 'voted go as qa on production; the vote closes 2026-12-04T11:00:00Z\nverdict waiting: 1 of 2 go votes; waiting for sre, product\n');
    assert.match(votedLines({ ...round, closesAt: null }, 'carol', 'go'), /the vote closes when the release enters the ring\n/);
  });
});
