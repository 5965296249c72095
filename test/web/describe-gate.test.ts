import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RolloutSpec } from '../../src/products/product-spec.ts';
import { describeGate, describeRollout, describeSeconds, describeWindow } from '../../web/src/rings/describe-gate.ts';

const ROLLOUT: RolloutSpec = { waves: [{ percent: 100 }], pauseSeconds: 0, haltOnFailures: 1, autoPromote: false, autoRollback: false, unreachable: 'block' };

describe('describeGate', () => {
  it('spells out every quality threshold, leaving unset ones out', () => {
    assert.equal(
      describeGate({ kind: 'quality', testsFailedMax: 0, coverageMin: 80, vulnerabilitiesMax: { critical: 0 }, requiredStages: [] }),
      'quality: no failed tests, coverage ≥ 80%, no critical vulnerabilities',
    );
    assert.equal(
      describeGate({ kind: 'quality', testsFailedMax: 2, coverageMin: null, vulnerabilitiesMax: { low: 5, high: 1 }, requiredStages: ['build', 'unit-tests'] }),
      'quality: at most 2 failed tests, at most 1 high vulnerability, at most 5 low vulnerabilities, stages passed: build, unit-tests',
    );
    assert.equal(describeGate({ kind: 'quality', testsFailedMax: 1, coverageMin: 62.5, vulnerabilitiesMax: {}, requiredStages: [] }), 'quality: at most 1 failed test, coverage ≥ 62.5%');
  });

  it('gives soak times in hours up to two days, in days beyond', () => {
    assert.equal(describeGate({ kind: 'soak', seconds: 86_400 }), 'soak: 24 h');
    assert.equal(describeGate({ kind: 'soak', seconds: 5_400 }), 'soak: 1 h 30 min');
    assert.equal(describeGate({ kind: 'soak', seconds: 3 * 86_400 + 3_600 }), 'soak: 3 d 1 h');
  });

  it('names the role and count of an approval, and the blessed-only rule', () => {
    assert.equal(describeGate({ kind: 'approval', role: 'release-manager', count: 1 }), 'approval: 1 of release-manager');
    assert.equal(describeGate({ kind: 'approval', role: 'qa', count: 2 }), 'approval: 2 of qa');
    assert.equal(describeGate({ kind: 'blessed' }), 'blessed releases only');
  });

  it('describes a window with its freezes in UTC', () => {
    const window = { cron: '0 17 * * 1-5', timezone: 'Asia/Kolkata', durationSeconds: 3_600 };
    assert.equal(describeGate({ kind: 'window', window, freezes: [] }), 'window: 0 17 * * 1-5 in Asia/Kolkata for 1 h');
    assert.equal(
      describeGate({
        kind: 'window',
        window,
        freezes: [
          { from: '2026-12-24T00:00:00.000Z', to: '2027-01-02T00:00:00.000Z', reason: 'year end' },
          { from: '2027-03-01T06:30:15.000Z', to: '2027-03-02T00:00:00.000Z', reason: '' },
        ],
      }),
      'window: 0 17 * * 1-5 in Asia/Kolkata for 1 h; frozen 2026-12-24 00:00 UTC to 2027-01-02 00:00 UTC (year end); frozen 2027-03-01 06:30:15 UTC to 2027-03-02 00:00 UTC',
    );
  });

  it('describes a vote: who votes, the quorum, vetoes and deadline', () => {
    assert.equal(
      describeGate({ kind: 'vote', roles: ['module-lead', 'product', 'qa', 'sre'], veto: ['qa', 'sre'], quorum: 4, deadlineSeconds: 3_600 }),
      'vote: Go from all of module-lead, product, qa, sre; veto: qa, sre; open for 1 h',
    );
    assert.equal(describeGate({ kind: 'vote', roles: ['qa', 'sre', 'product'], veto: [], quorum: 2, deadlineSeconds: null }), 'vote: Go from 2 of qa, sre, product');
  });

  it('describes a checklist: each role with its items, optional ones and those needing evidence', () => {
    const item = (id: string, required = true, evidence: 'optional' | 'required' = 'optional') => ({ id, text: id, required, evidence });
    assert.equal(
      describeGate({
        kind: 'checklist',
        roles: ['qa', 'sre'],
        items: { qa: [item('automation-passed'), item('sanity-owner'), item('load-test-report', true, 'required')], sre: [item('branch-and-tag'), item('dr-plan', false)] },
      }),
      'checklist: qa: 3 items, 1 needing evidence; sre: 2 items, 1 optional',
    );
    assert.equal(describeGate({ kind: 'checklist', roles: ['product'], items: { product: [item('pricing-reviewed')] } }), 'checklist: product: 1 item');
  });
});

describe('describeRollout', () => {
  it('names every setting of the default policy', () => {
    assert.deepEqual(describeRollout(ROLLOUT), [
      'all targets in one wave',
      'no pause between waves',
      'halts after 1 failed deployment',
      'releases enter when promoted',
      'no automatic rollback',
      'an unreachable pull target blocks the ring',
    ]);
  });

  it('describes percentage waves, a pause, several failures and the automatic settings', () => {
    const policy: RolloutSpec = { waves: [{ percent: 5 }, { percent: 25 }, { percent: 100 }], pauseSeconds: 600, haltOnFailures: 3, autoPromote: true, autoRollback: true, unreachable: 'skip' };
    assert.deepEqual(describeRollout(policy), [
      'waves reaching 5%, 25%, 100% of the targets',
      '10 min pause between waves',
      'halts after 3 failed deployments',
      'releases enter on their own once they may',
      'a target whose verify step fails is rolled back at once',
      'unreachable pull targets are skipped and retried',
    ]);
  });

  it('says count waves end with the rest of the targets', () => {
    assert.equal(describeRollout({ ...ROLLOUT, waves: [{ count: 1 }, { count: 5 }, { count: 20 }] })[0], 'waves reaching 1, 5, 20 targets, then all');
    assert.equal(describeRollout({ ...ROLLOUT, waves: [{ count: 10 }] })[0], 'waves reaching 10 targets, then all');
  });
});

describe('describeWindow and describeSeconds', () => {
  it('gives a maintenance window as cron, zone and duration', () => {
    assert.equal(describeWindow({ cron: '0 2 * * 0', timezone: 'America/Chicago', durationSeconds: 7_200 }), '0 2 * * 0 in America/Chicago for 2 h');
  });

  it('leaves zero parts out', () => {
    assert.equal(describeSeconds(0), '0 s');
    assert.equal(describeSeconds(90), '1 min 30 s');
    assert.equal(describeSeconds(600), '10 min');
    assert.equal(describeSeconds(3_601), '1 h 1 s');
    assert.equal(describeSeconds(47 * 3_600), '47 h');
    assert.equal(describeSeconds(2 * 86_400), '2 d');
  });
});
