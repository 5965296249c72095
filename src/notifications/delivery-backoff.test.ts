import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { afterFailure, MAX_ATTEMPTS, retryDelayMs } from './delivery-backoff.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('retryDelayMs', () => {
  // Without a seed there is no jitter: the plain schedule.
  const table: [number, number][] = [
    [1, 30 * SECOND],
    [2, 1 * MINUTE],
    [3, 2 * MINUTE],
    [4, 4 * MINUTE],
    [5, 8 * MINUTE],
    [6, 16 * MINUTE],
    [7, 32 * MINUTE],
    [8, 60 * MINUTE],
    [9, 60 * MINUTE],
    [1000, 60 * MINUTE],
  ];
  for (const [attempt, delay] of table) {
    it(`waits ${delay / SECOND} s after attempt ${attempt}`, () => assert.equal(retryDelayMs(attempt), delay));
  }

  it('adds the same jitter for the same seed, under 10% of the delay, and different seeds differ', () => {
    assert.equal(retryDelayMs(3, 'delivery-a'), retryDelayMs(3, 'delivery-a'));
    assert.notEqual(retryDelayMs(3, 'delivery-a'), retryDelayMs(3, 'delivery-b'));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.string(), (attempt, seed) => {
        const plain = retryDelayMs(attempt);
        const jittered = retryDelayMs(attempt, seed);
        return jittered >= plain && jittered < plain * 1.1 + 1;
      }),
      { numRuns: 200 },
    );
  });

  it('never waits less after a later attempt', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 63 }), (attempt) => retryDelayMs(attempt + 1) >= retryDelayMs(attempt)), { numRuns: 100 });
  });
});

describe('afterFailure', () => {
  it(`retries up to attempt ${MAX_ATTEMPTS - 1}, and gives up after attempt ${MAX_ATTEMPTS}`, () => {
    assert.deepEqual(afterFailure(1), { retry: true, delayMs: 30 * SECOND });
    assert.deepEqual(afterFailure(MAX_ATTEMPTS - 1), { retry: true, delayMs: retryDelayMs(MAX_ATTEMPTS - 1) });
    assert.deepEqual(afterFailure(MAX_ATTEMPTS), { retry: false });
    assert.deepEqual(afterFailure(MAX_ATTEMPTS + 3), { retry: false });
  });

  it('tries for about an hour in all before giving up', () => {
    let total = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) total += retryDelayMs(attempt);
    assert.equal(total, 63.5 * MINUTE);
  });
});
