import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type OpenDeployment, pickDesired, revisionOf } from './desired-pick.ts';

const d = (id: string, state: string, extra: Partial<OpenDeployment> = {}): OpenDeployment => ({
  id,
  state,
  wave: 0,
  createdAt: `2026-11-23T09:00:0${id.length}.000Z`,
  seq: 0,
  attempts: 0,
  rolloutState: 'deploying',
  currentWave: 0,
  releaseState: 'in-progress',
  ...extra,
});
const HOLD = Date.parse('2026-11-29T08:00:00.000Z');

describe('pickDesired', () => {
  const cases: [string, OpenDeployment[], number | 'never' | null, { id: string; holdUntil: string | null } | null][] = [
    ['nothing open', [], null, null],
    ['a pending deployment of a started wave', [d('a', 'pending')], null, { id: 'a', holdUntil: null }],
    ['a pending deployment of a later wave waits', [d('a', 'pending', { wave: 1 })], null, null],
    ['a pending deployment of a rollout no longer deploying', [d('a', 'pending', { rolloutState: 'halted' })], null, null],
    ['a started one first, and never held', [d('a', 'pending'), d('bb', 'running')], HOLD, { id: 'bb', holdUntil: null }],
    ['the oldest pending one', [d('bb', 'pending'), d('a', 'pending')], null, { id: 'a', holdUntil: null }],
    ['pending before skipped', [d('a', 'skipped'), d('bb', 'pending')], null, { id: 'bb', holdUntil: null }],
    ['the newest skipped one', [d('a', 'skipped'), d('bb', 'skipped')], null, { id: 'bb', holdUntil: null }],
    ['a skipped one of a rejected release is dropped', [d('a', 'skipped'), d('bb', 'skipped', { releaseState: 'rejected' })], null, { id: 'a', holdUntil: null }],
    ['a skipped one waits for no wave (its rollout may be over)', [d('a', 'skipped', { rolloutState: 'succeeded', wave: 3 })], null, { id: 'a', holdUntil: null }],
    ['a shut window holds it', [d('a', 'pending')], HOLD, { id: 'a', holdUntil: '2026-11-29T08:00:00.000Z' }],
    ['a window that never opens', [d('a', 'pending')], 'never', { id: 'a', holdUntil: 'never' }],
  ];
  for (const [name, open, hold, expected] of cases) {
    it(name, () => assert.deepEqual(pickDesired(open, hold), expected));
  }
});

describe('revisionOf', () => {
  it('names the deployment and its hold, so a window opening changes it', () => {
    assert.equal(revisionOf(null), 'idle');
    assert.equal(revisionOf({ id: 'a', holdUntil: null }), 'a');
    assert.notEqual(revisionOf({ id: 'a', holdUntil: '2026-11-29T08:00:00.000Z' }), revisionOf({ id: 'a', holdUntil: null }));
  });
});
