import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffCeiling, backoffDelay } from './backoff.ts';

const policy = { baseSeconds: 1, maxSeconds: 60 };

describe('backoff', () => {
  const table: { failures: number; random: number; delay: number }[] = [
    { failures: 0, random: 0.9, delay: 0 },
    { failures: 1, random: 0.5, delay: 0.5 },
    { failures: 1, random: 0.999, delay: 0.999 },
    { failures: 2, random: 0.5, delay: 1 },
    { failures: 3, random: 0.5, delay: 2 },
    { failures: 4, random: 0.25, delay: 2 },
    { failures: 6, random: 0.5, delay: 16 },
    { failures: 7, random: 0.5, delay: 30 }, // cap 60, not 64
    { failures: 7, random: 0, delay: 0 },
    { failures: 40, random: 0.5, delay: 30 },
    { failures: 5000, random: 0.99, delay: 59.4 }, // 2 ** 4999 is Infinity: still the cap
  ];
  for (const row of table) {
    it(`${row.failures} failures, random ${row.random} → ${row.delay}s`, () => {
      assert.ok(Math.abs(backoffDelay(row.failures, policy, () => row.random) - row.delay) < 1e-9);
    });
  }

  it('doubles the ceiling from one second up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffCeiling(n, policy)), [1, 2, 4, 8, 16, 32, 60, 60]);
    assert.deepEqual([1, 2, 3].map((n) => backoffCeiling(n, { baseSeconds: 1, maxSeconds: 3 })), [1, 2, 3]);
  });

  it('after ten minutes of failures, the next try is at most --max-backoff away', () => {
    for (const maxSeconds of [1, 5, 60, 300]) {
      // The slowest retries there can be (random just under 1): the longest time the outage takes to reach ten minutes.
      let elapsed = 0;
      let failures = 0;
      while (elapsed < 600) elapsed += backoffDelay(++failures, { baseSeconds: 1, maxSeconds }, () => 0.999999);
      assert.ok(backoffDelay(failures + 1, { baseSeconds: 1, maxSeconds }, () => 0.999999) <= maxSeconds);
      assert.ok(backoffCeiling(failures + 1, { baseSeconds: 1, maxSeconds }) === maxSeconds, `after ${failures} failures the ceiling is the cap`);
    }
  });

  it('stays between zero and the ceiling, whatever the random source says', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: -2, max: 3, noNaN: true }), fc.integer({ min: 1, max: 86_400 }), (failures, random, maxSeconds) => {
        const delay = backoffDelay(failures, { baseSeconds: 1, maxSeconds }, () => random);
        assert.ok(Number.isFinite(delay) && delay >= 0 && delay <= maxSeconds);
      }),
    );
  });
});
