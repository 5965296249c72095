import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import { GATE_KINDS } from '../products/product-file/read-gates.ts';
import { describeBlockers, evaluateGates, GATE_EVALUATORS, gatesPass } from './evaluate-gates.ts';
import type { GateContext, GateVerdict } from './gate-types.ts';
import { build, gateContext, progress, ring } from './testing/gate-context.ts';

const gates: GateSpec[] = [
  { kind: 'quality', testsFailedMax: 0, coverageMin: 80, vulnerabilitiesMax: { critical: 0 }, requiredStages: ['build'] },
  { kind: 'soak', seconds: 24 * 3_600 },
  { kind: 'approval', role: 'qa', count: 1 },
  { kind: 'approval', role: 'release-manager', count: 1 },
  { kind: 'blessed' },
  { kind: 'window', window: { cron: '0 9 * * 1-5', timezone: 'UTC', durationSeconds: 8 * 3_600 }, freezes: [] },
  { kind: 'vote', roles: ['qa', 'sre'], veto: ['qa'], quorum: 2, deadlineSeconds: null },
];

function productionContext(overrides: Partial<GateContext> = {}): GateContext {
  const base = gateContext({ kind: 'blessed' }, {
    now: new Date('2026-11-24T10:00:00.000Z'), // a Tuesday, inside the window
    release: { version: '2.4.0', state: 'in-progress', blessed: true },
    progress: [
      progress('dev', 'succeeded', '2026-11-20T00:00:00.000Z'),
      progress('internal', 'succeeded', '2026-11-21T00:00:00.000Z'),
      progress('early-adopters', 'succeeded', '2026-11-22T00:00:00.000Z'),
      progress('production', null),
    ],
    builds: [build('api', '1.4.0', { name: 'build', status: 'passed' }, { name: 'unit-tests', status: 'passed', coverage: 88, tests: { passed: 10, failed: 0, skipped: 0 } })],
    roleMembers: { qa: ['carol'], 'release-manager': ['alice', 'frank'], sre: ['dave'] },
    approvals: { qa: [{ user: 'carol', at: '2026-11-24T09:00:00.000Z' }], 'release-manager': [{ user: 'alice', at: '2026-11-24T09:10:00.000Z' }] },
    vote: {
      openedAt: '2026-11-24T09:00:00.000Z',
      closesAt: null,
      votes: [
        { role: 'qa', user: 'carol', vote: 'go', reason: '', at: '2026-11-24T09:20:00.000Z' },
        { role: 'sre', user: 'dave', vote: 'go', reason: '', at: '2026-11-24T09:21:00.000Z' },
      ],
    },
  });
  const production = ring('production', gates);
  return { ...base, ring: production, rings: base.rings.map((r) => (r.name === 'production' ? production : r)), ...overrides };
}

describe('evaluateGates', () => {
  it('has an evaluator for every gate kind a product file may hold', () => {
    assert.deepEqual(Object.keys(GATE_EVALUATORS).sort(), [...GATE_KINDS].sort());
  });

  it('gives one verdict per gate, in the ring order, named by kind and role', () => {
    const verdicts = evaluateGates(productionContext());
    assert.deepEqual(
      verdicts.map((v) => [v.gate, v.kind, v.status]),
      [
        ['quality', 'quality', 'pass'],
        ['soak', 'soak', 'pass'],
        ['approval:qa', 'approval', 'pass'],
        ['approval:release-manager', 'approval', 'pass'],
        ['blessed', 'blessed', 'pass'],
        ['window', 'window', 'pass'],
        ['vote', 'vote', 'pass'],
      ],
    );
    assert.equal(gatesPass(verdicts), true);
    assert.equal(describeBlockers(verdicts), '');
  });

  it('names every gate that does not pass, one line each', () => {
    const context = productionContext({
      now: new Date('2026-11-22T10:00:00.000Z'), // a Sunday, ten hours into the soak
      approvals: {},
      vote: { openedAt: '2026-11-22T09:00:00.000Z', closesAt: null, votes: [{ role: 'qa', user: 'carol', vote: 'no-go', reason: 'flaky login', at: '2026-11-22T09:30:00.000Z' }] },
    });
    const verdicts = evaluateGates(context);
    assert.equal(gatesPass(verdicts), false);
    assert.equal(
      describeBlockers(verdicts),
      [
        'soak: soaked 10h 0m of 24h in early-adopters; passes at 2026-11-23T00:00:00.000Z',
        'approval:qa: 0 of 1 approval from qa; carol may approve',
        'approval:release-manager: 0 of 1 approval from release-manager; alice, frank may approve',
        'window: closed until 2026-11-23T09:00:00.000Z (0 9 * * 1-5 UTC)',
        'vote: qa (carol) voted no-go: flaky login',
      ].join('\n'),
    );
  });

  it('a ring without gates lets the release in', () => {
    const context = productionContext({ ring: ring('production') });
    assert.deepEqual(evaluateGates(context), []);
    assert.equal(gatesPass([]), true);
  });

  it('gatesPass needs every verdict to pass', () => {
    const v = (status: GateVerdict['status']): GateVerdict => ({ gate: 'soak', kind: 'soak', status, reason: '' });
    assert.equal(gatesPass([v('pass'), v('pass')]), true);
    assert.equal(gatesPass([v('pass'), v('waiting')]), false);
    assert.equal(gatesPass([v('fail')]), false);
  });
});
