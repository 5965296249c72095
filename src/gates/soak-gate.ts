/**
 * Soak gate: the release has run in the previous ring for a while after its
 * rollout there succeeded. Opens by itself, so a waiting verdict says when.
 */
import { describeOutcome, formatElapsed, formatSpan, isBadOutcome } from './gate-format.ts';
import { progressIn, ringIndexOf } from './gate-context-parts.ts';
import type { GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

export const evaluateSoakGate: GateEvaluator<'soak'> = (gate, context): GateVerdict => {
  const index = ringIndexOf(context);
  const previous = context.rings[index - 1];
  if (index === -1) return verdict(gate, 'fail', `ring ${context.ring.name} is not one of the product's rings`);
  if (previous === undefined) return verdict(gate, 'fail', `soak needs an earlier ring; ${context.ring.name} is the first`);

  const progress = progressIn(context, previous);
  const wanted = formatSpan(gate.seconds);
  if (progress.state === null) return verdict(gate, 'waiting', `not yet in ${previous.name}; soak ${wanted} there first`);
  if (progress.state === 'deploying') return verdict(gate, 'waiting', `still deploying in ${previous.name}; the ${wanted} soak starts when that rollout succeeds`);
  if (isBadOutcome(progress.state)) return verdict(gate, 'fail', `${describeOutcome(progress)}; nothing soaks there`);
  if (progress.finishedAt === null) return verdict(gate, 'fail', `the rollout in ${previous.name} succeeded but has no finish time to soak from`);

  const finishedAt = Date.parse(progress.finishedAt);
  const elapsedSeconds = (context.now.getTime() - finishedAt) / 1_000;
  if (elapsedSeconds < gate.seconds) {
    const opensAt = new Date(finishedAt + gate.seconds * 1_000);
    return verdict(gate, 'waiting', `soaked ${formatElapsed(elapsedSeconds)} of ${wanted} in ${previous.name}; passes at ${opensAt.toISOString()}`, opensAt);
  }
  return verdict(gate, 'pass', `soaked ${formatElapsed(elapsedSeconds)} in ${previous.name}, at least ${wanted}`);
};
