import type { GateSpec } from '../products/product-spec.ts';
import type { GateStatus, GateVerdict } from './gate-types.ts';

/** The gate's name in verdicts and messages: its kind, with the role for approvals (`approval:qa`). */
export function gateName(gate: GateSpec): string {
  return gate.kind === 'approval' ? `approval:${gate.role}` : gate.kind;
}

export function verdict(gate: GateSpec, status: GateStatus, reason: string, opensAt?: Date): GateVerdict {
  const result: GateVerdict = { gate: gateName(gate), kind: gate.kind, status, reason };
  if (opensAt !== undefined) result.opensAt = opensAt.toISOString();
  return result;
}
