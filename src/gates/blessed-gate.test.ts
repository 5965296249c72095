import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import type { ReleaseState, RingProgress } from '../releases/release-types.ts';
import { evaluateBlessedGate } from './blessed-gate.ts';
import type { GateStatus } from './gate-types.ts';
import { gateContext, progress } from './testing/gate-context.ts';

const blessed: GateSpec = { kind: 'blessed' };
const T = '2026-11-20T00:00:00.000Z';

describe('blessed gate', () => {
  const cases: { name: string; state?: ReleaseState; isBlessed?: boolean; progress: RingProgress[]; status: GateStatus; reason: string }[] = [
    {
      name: 'passes for a blessed release',
      isBlessed: true,
      progress: [progress('dev', 'succeeded', T), progress('internal', 'succeeded', T), progress('early-adopters', 'succeeded', T), progress('production', null)],
      status: 'pass',
      reason: 'release 2.4.0 is blessed',
    },
    ...(['rejected', 'withdrawn', 'superseded'] as const).map((state) => ({
      name: `fails for a ${state} release`,
      state,
      progress: [progress('dev', 'succeeded', T), progress('internal', null), progress('early-adopters', null), progress('production', null)],
      status: 'fail' as const,
      reason: `release 2.4.0 is ${state} and will never be blessed`,
    })),
    {
      name: 'fails naming an earlier ring that halted',
      progress: [progress('dev', 'succeeded', T), progress('internal', 'succeeded', T), progress('early-adopters', 'halted', T, 3), progress('production', null)],
      status: 'fail',
      reason: 'not blessed: the rollout in early-adopters was halted with 3 failed deployments',
    },
    {
      name: 'waits, naming the earlier rings not yet succeeded',
      progress: [progress('dev', 'succeeded', T), progress('internal', 'deploying'), progress('early-adopters', null), progress('production', null)],
      status: 'waiting',
      reason: 'not blessed yet: has not succeeded in internal, early-adopters',
    },
    {
      name: 'waits for the blessing once every earlier ring succeeded',
      progress: [progress('dev', 'succeeded', T), progress('internal', 'succeeded', T), progress('early-adopters', 'succeeded', T), progress('production', null)],
      status: 'waiting',
      reason: 'not blessed yet: every earlier ring succeeded, the blessing itself is pending',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const context = gateContext(blessed, { progress: c.progress, release: { version: '2.4.0', state: c.state ?? 'in-progress', blessed: c.isBlessed ?? false } });
      assert.deepEqual(evaluateBlessedGate(blessed, context), { gate: 'blessed', kind: 'blessed', status: c.status, reason: c.reason });
    });
  }

  it('only rings before the ring being entered count', () => {
    const context = gateContext(
      blessed,
      { progress: [progress('dev', 'succeeded', T), progress('internal', null), progress('early-adopters', 'failed', T), progress('production', null)] },
      'internal',
    );
    assert.deepEqual(evaluateBlessedGate(blessed, context), { gate: 'blessed', kind: 'blessed', status: 'waiting', reason: 'not blessed yet: every earlier ring succeeded, the blessing itself is pending' });
  });
});
