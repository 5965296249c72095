/**
 * Approval gate: `count` distinct users holding a role approve the release for
 * the ring. Someone may approve through a role held globally rather than for
 * the product, so approvals are counted apart from the product's members.
 */
import { listNames, plural } from './gate-format.ts';
import type { GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

function distinct(names: readonly string[]): string[] {
  return [...new Set(names)];
}

export const evaluateApprovalGate: GateEvaluator<'approval'> = (gate, context): GateVerdict => {
  const members = distinct(context.roleMembers[gate.role] ?? []);
  const approvers = distinct((context.approvals[gate.role] ?? []).map((a) => a.user));
  if (approvers.length >= gate.count) return verdict(gate, 'pass', `approved by ${listNames(approvers)}`);

  // Everyone known to be able to approve: the role's members and those who already did.
  const able = distinct([...approvers, ...members]);
  if (able.length < gate.count) {
    if (able.length === 0) return verdict(gate, 'fail', `nobody holds role ${gate.role} for this product`);
    const verb = able.length === 1 ? 'holds' : 'hold';
    return verdict(gate, 'fail', `needs ${plural(gate.count, 'approval')} from ${gate.role} but only ${listNames(able)} ${verb} that role`);
  }
  const mayApprove = members.filter((m) => !approvers.includes(m));
  return verdict(gate, 'waiting', `${approvers.length} of ${plural(gate.count, 'approval')} from ${gate.role}; ${listNames(mayApprove)} may approve`);
};
