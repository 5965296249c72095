import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ROLLOUT } from '../../products/product-spec.ts';
import { summarizeGates, summarizeRollout } from './ring-summary.ts';

describe('ring summaries', () => {
  it('names each gate briefly, in order', () => {
    assert.equal(summarizeGates([]), '-');
    assert.equal(
      summarizeGates([
        { kind: 'quality', testsFailedMax: 0, coverageMin: 80, vulnerabilitiesMax: {}, requiredStages: [] },
        { kind: 'soak', seconds: 86_400 },
        { kind: 'checklist', roles: ['qa', 'sre'], items: { qa: [{ id: 'automation-passed', text: 'Automation passed', required: true, evidence: 'optional' }], sre: [] } },
        { kind: 'vote', roles: ['module-lead', 'product', 'qa', 'sre'], veto: ['qa', 'sre'], quorum: 4, deadlineSeconds: null },
      ]),
      'quality, soak 1d, checklist qa+sre, vote qa+sre veto',
    );
    assert.equal(
      summarizeGates([
        { kind: 'approval', role: 'release-manager', count: 2 },
        { kind: 'blessed' },
        { kind: 'window', window: { cron: '0 17 * * 1-5', timezone: 'Asia/Kolkata', durationSeconds: 3600 }, freezes: [] },
        { kind: 'vote', roles: ['qa', 'sre', 'product'], veto: [], quorum: 2, deadlineSeconds: null },
      ]),
      'approval 2× release-manager, blessed, window 0 17 * * 1-5 Asia/Kolkata, vote 2 of 3',
    );
  });

  it('shows waves, pause, halting and automation', () => {
    assert.equal(summarizeRollout(DEFAULT_ROLLOUT), '100%, halt after 1');
    assert.equal(
      summarizeRollout({ ...DEFAULT_ROLLOUT, waves: [{ percent: 5 }, { percent: 25 }, { percent: 100 }], pauseSeconds: 600, autoRollback: true }),
      '5% → 25% → 100%, pause 10m, halt after 1, auto-rollback',
    );
    assert.equal(
      summarizeRollout({ ...DEFAULT_ROLLOUT, waves: [{ count: 1 }, { count: 5 }], haltOnFailures: 2, autoPromote: true, unreachable: 'skip' }),
      '1 → 5 targets, halt after 2, auto-promote, skip unreachable',
    );
  });
});
