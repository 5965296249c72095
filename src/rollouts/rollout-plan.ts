/**
 * Splitting a ring's targets into rollout waves. Pure.
 *
 * Waves are cumulative: after a wave of 25%, ceil(25% × n) targets have the
 * release; after a wave of 5 targets, min(5, n) do. Targets a count plan does
 * not reach form one last wave. Waves that would add nobody are dropped, so
 * wave numbers run from 0 without gaps.
 */
import type { WaveSpec } from '../products/product-spec.ts';

/** Targets reached once a wave is done, before capping and dropping. */
function reach(wave: WaveSpec, targetCount: number): number {
  // The tolerance keeps 7% of 100 at 7 whatever the floating-point product rounds to.
  return 'percent' in wave ? Math.ceil((wave.percent * targetCount) / 100 - 1e-9) : wave.count;
}

/** assignments[i] is the 0-based wave of the i-th target; targets keep their order. */
export function planWaves(targetCount: number, waves: readonly WaveSpec[]): { assignments: number[]; waveCount: number } {
  const cumulative: number[] = [];
  let reached = 0;
  for (const wave of waves) {
    const next = Math.min(targetCount, Math.max(reached, reach(wave, targetCount)));
    if (next > reached) cumulative.push(next);
    reached = next;
  }
  if (reached < targetCount) cumulative.push(targetCount);

  const assignments: number[] = [];
  cumulative.forEach((upTo, wave) => {
    while (assignments.length < upTo) assignments.push(wave);
  });
  return { assignments, waveCount: cumulative.length };
}
