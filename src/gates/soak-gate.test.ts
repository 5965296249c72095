import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import type { RingProgress } from '../releases/release-types.ts';
import type { GateVerdict } from './gate-types.ts';
import { evaluateSoakGate } from './soak-gate.ts';
import { gateContext, progress, RING_NAMES } from './testing/gate-context.ts';

const soak: Extract<GateSpec, { kind: 'soak' }> = { kind: 'soak', seconds: 24 * 3_600 };
const NOW = new Date('2026-11-23T10:00:00.000Z');

/** Entering early-adopters: the previous ring is internal. */
function check(internal: RingProgress, ringName = 'early-adopters'): GateVerdict {
  const context = gateContext(soak, { now: NOW, progress: RING_NAMES.map((name) => (name === 'internal' ? internal : progress(name, null))) }, ringName);
  return evaluateSoakGate(soak, context);
}

describe('soak gate', () => {
  const cases: { name: string; internal: RingProgress; expected: Omit<GateVerdict, 'gate' | 'kind'> }[] = [
    {
      name: 'passes once the previous ring succeeded long enough ago',
      internal: progress('internal', 'succeeded', '2026-11-22T07:45:00.000Z'),
      expected: { status: 'pass', reason: 'soaked 26h 15m in internal, at least 24h' },
    },
    {
      name: 'passes at exactly the soak time',
      internal: progress('internal', 'succeeded', '2026-11-22T10:00:00.000Z'),
      expected: { status: 'pass', reason: 'soaked 24h 0m in internal, at least 24h' },
    },
    {
      name: 'waits while soaking and says when it passes',
      internal: progress('internal', 'succeeded', '2026-11-23T07:00:00.000Z'),
      expected: { status: 'waiting', reason: 'soaked 3h 0m of 24h in internal; passes at 2026-11-24T07:00:00.000Z', opensAt: '2026-11-24T07:00:00.000Z' },
    },
    {
      name: 'waits while the release is not yet in the previous ring',
      internal: progress('internal', null),
      expected: { status: 'waiting', reason: 'not yet in internal; soak 24h there first' },
    },
    {
      name: 'waits while the previous ring is deploying',
      internal: progress('internal', 'deploying'),
      expected: { status: 'waiting', reason: 'still deploying in internal; the 24h soak starts when that rollout succeeds' },
    },
    {
      name: 'fails when the previous ring halted',
      internal: progress('internal', 'halted', '2026-11-23T07:00:00.000Z', 2),
      expected: { status: 'fail', reason: 'the rollout in internal was halted with 2 failed deployments; nothing soaks there' },
    },
    {
      name: 'fails when the previous ring was rolled back',
      internal: progress('internal', 'rolled-back', '2026-11-23T07:00:00.000Z', 1),
      expected: { status: 'fail', reason: 'the rollout in internal was rolled back with 1 failed deployment; nothing soaks there' },
    },
    {
      name: 'fails when a success has no finish time',
      internal: progress('internal', 'succeeded', null),
      expected: { status: 'fail', reason: 'the rollout in internal succeeded but has no finish time to soak from' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(check(c.internal), { gate: 'soak', kind: 'soak', ...c.expected }));
  }

  it('fails on the first ring: there is nothing to soak in', () => {
    assert.deepEqual(check(progress('internal', null), 'dev'), { gate: 'soak', kind: 'soak', status: 'fail', reason: 'soak needs an earlier ring; dev is the first' });
  });

  for (const state of ['failed', 'cancelled'] as const) {
    it(`fails when the previous ring ${state}`, () => assert.equal(check(progress('internal', state, NOW.toISOString())).status, 'fail'));
  }
});
