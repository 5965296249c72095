/**
 * Gate evaluation: every gate of the ring being entered, judged on the
 * evidence in the context. Pure; the promotion service assembles the context.
 *
 * A new gate kind is one evaluator file and one entry in GATE_EVALUATORS.
 */
import type { GateSpec } from '../products/product-spec.ts';
import { evaluateApprovalGate } from './approval-gate.ts';
import { evaluateBlessedGate } from './blessed-gate.ts';
import { evaluateChecklistGate } from './checklist-gate.ts';
import type { GateContext, GateEvaluator, GateVerdict } from './gate-types.ts';
import { evaluateQualityGate } from './quality-gate.ts';
import { evaluateSoakGate } from './soak-gate.ts';
import { evaluateVoteGate } from './vote-gate.ts';
import { evaluateWindowGate } from './window-gate.ts';

type GateKind = GateSpec['kind'];

export const GATE_EVALUATORS: { readonly [K in GateKind]: GateEvaluator<K> } = {
  quality: evaluateQualityGate,
  soak: evaluateSoakGate,
  approval: evaluateApprovalGate,
  blessed: evaluateBlessedGate,
  window: evaluateWindowGate,
  vote: evaluateVoteGate,
  checklist: evaluateChecklistGate,
};

export function evaluateGate(gate: GateSpec, context: GateContext): GateVerdict {
  // The registry pairs each kind with its evaluator; TypeScript cannot follow that through an index.
  const evaluator = GATE_EVALUATORS[gate.kind] as GateEvaluator<GateKind>;
  return evaluator(gate, context);
}

/** One verdict per gate of the ring being entered, in the ring's order. */
export function evaluateGates(context: GateContext): GateVerdict[] {
  return context.ring.gates.map((gate) => evaluateGate(gate, context));
}

/** Every gate passes; a ring without gates lets everything in. */
export function gatesPass(verdicts: readonly GateVerdict[]): boolean {
  return verdicts.every((v) => v.status === 'pass');
}

/** One line per gate that does not pass, `gate: reason`, for the refusal of a promotion. */
export function describeBlockers(verdicts: readonly GateVerdict[]): string {
  return verdicts
    .filter((v) => v.status !== 'pass')
    .map((v) => `${v.gate}: ${v.reason}`)
    .join('\n');
}
