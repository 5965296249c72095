/**
 * Blessed gate: only a blessed release enters. Blessing itself is the release
 * lifecycle's business; the gate says what stands in its way.
 */
import { describeOutcome, isBadOutcome, listNames } from './gate-format.ts';
import { progressIn, ringIndexOf } from './gate-context-parts.ts';
import type { GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

const NEVER_BLESSED = ['rejected', 'withdrawn', 'superseded'] as const;

export const evaluateBlessedGate: GateEvaluator<'blessed'> = (gate, context): GateVerdict => {
  const { version, state, blessed } = context.release;
  if (blessed) return verdict(gate, 'pass', `release ${version} is blessed`);
  if ((NEVER_BLESSED as readonly string[]).includes(state)) return verdict(gate, 'fail', `release ${version} is ${state} and will never be blessed`);

  const index = ringIndexOf(context);
  const earlier = (index === -1 ? [] : context.rings.slice(0, index)).map((ring) => progressIn(context, ring));
  const broken = earlier.find((p) => isBadOutcome(p.state));
  if (broken !== undefined) return verdict(gate, 'fail', `not blessed: ${describeOutcome(broken)}`);

  const pending = earlier.filter((p) => p.state !== 'succeeded').map((p) => p.ring);
  if (pending.length === 0) return verdict(gate, 'waiting', `not blessed yet: every earlier ring succeeded, the blessing itself is pending`);
  return verdict(gate, 'waiting', `not blessed yet: has not succeeded in ${listNames(pending)}`);
};
