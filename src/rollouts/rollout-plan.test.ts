import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { WaveSpec } from '../products/product-spec.ts';
import { planWaves } from './rollout-plan.ts';

/** Wave sizes from assignments: how many targets each wave holds. */
function sizes(assignments: readonly number[], waveCount: number): number[] {
  const result = Array.from({ length: waveCount }, () => 0);
  for (const wave of assignments) result[wave] = (result[wave] ?? 0) + 1;
  return result;
}

const pct = (...ps: number[]): WaveSpec[] => ps.map((percent) => ({ percent }));
const counts = (...cs: number[]): WaveSpec[] => cs.map((count) => ({ count }));

describe('planWaves', () => {
  const cases: { name: string; n: number; waves: WaveSpec[]; sizes: number[] }[] = [
    { name: '10 targets in 5%, 25%, 100%', n: 10, waves: pct(5, 25, 100), sizes: [1, 2, 7] },
    { name: '2 targets in 5%, 25%, 100%: the middle wave adds nobody and is dropped', n: 2, waves: pct(5, 25, 100), sizes: [1, 1] },
    { name: '1 target in 5%, 25%, 100%', n: 1, waves: pct(5, 25, 100), sizes: [1] },
    { name: '100 targets in 5%, 25%, 100%', n: 100, waves: pct(5, 25, 100), sizes: [5, 20, 75] },
    { name: '7% of 100 is exactly 7', n: 100, waves: pct(7, 100), sizes: [7, 93] },
    { name: 'fractions of a target round up', n: 3, waves: pct(50, 100), sizes: [2, 1] },
    { name: 'the default single wave', n: 4, waves: pct(100), sizes: [4] },
    { name: 'counts 1, 5, 20 with 50 targets: the rest form a last wave', n: 50, waves: counts(1, 5, 20), sizes: [1, 4, 15, 30] },
    { name: 'counts 1, 5, 20 with 20 targets: no extra wave', n: 20, waves: counts(1, 5, 20), sizes: [1, 4, 15] },
    { name: 'counts 1, 5, 20 with 3 targets: capped, later waves dropped', n: 3, waves: counts(1, 5, 20), sizes: [1, 2] },
    { name: 'no targets', n: 0, waves: pct(5, 25, 100), sizes: [] },
    { name: 'no targets with counts', n: 0, waves: counts(1, 5), sizes: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planWaves(c.n, c.waves);
      assert.equal(plan.waveCount, c.sizes.length);
      assert.equal(plan.assignments.length, c.n);
      assert.deepEqual(sizes(plan.assignments, plan.waveCount), c.sizes);
    });
  }

  it('gives nothing for no targets', () => assert.deepEqual(planWaves(0, pct(100)), { assignments: [], waveCount: 0 }));
  it('keeps target order: earlier targets in earlier waves', () => assert.deepEqual(planWaves(5, counts(1, 3)).assignments, [0, 1, 1, 2, 2]));

  // Valid plans as the product file allows them: strictly increasing, percentages ending at 100%.
  const percentWaves = fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 })
    .map((ps) => pct(...[...ps].sort((a, b) => a - b), 100));
  const countWaves = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }).map((cs) => counts(...[...cs].sort((a, b) => a - b)));

  /** Targets reached after each wave of the spec, straight from the rule, with empty waves dropped. */
  function expectedCumulative(n: number, waves: readonly WaveSpec[]): number[] {
    const reached = waves.map((w) => Math.min(n, 'percent' in w ? Math.ceil((w.percent / 100) * n - 1e-9) : w.count));
    if (n > 0 && (reached.at(-1) ?? 0) < n) reached.push(n);
    return [...new Set(reached.filter((r) => r > 0))];
  }

  it('assigns every target once, in non-decreasing contiguous waves, reaching what the spec says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.oneof(percentWaves, countWaves), (n, waves) => {
        const { assignments, waveCount } = planWaves(n, waves);
        assert.equal(assignments.length, n);
        if (n > 0) assert.equal(assignments[0], 0);
        for (let i = 1; i < n; i++) {
          const step = (assignments[i] as number) - (assignments[i - 1] as number);
          assert.ok(step === 0 || step === 1, `wave numbers rise by at most one at target ${i}`);
        }
        assert.equal(waveCount, n === 0 ? 0 : (assignments[n - 1] as number) + 1);
        const cumulative = Array.from({ length: waveCount }, (_, k) => assignments.filter((w) => w <= k).length);
        assert.deepEqual(cumulative, expectedCumulative(n, waves));
      }),
    );
  });
});
