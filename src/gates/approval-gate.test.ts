import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import { evaluateApprovalGate } from './approval-gate.ts';
import type { GateStatus } from './gate-types.ts';
import { gateContext } from './testing/gate-context.ts';

const approve = (...users: string[]) => users.map((user, i) => ({ user, at: `2026-11-23T09:0${i}:00.000Z` }));

describe('approval gate', () => {
  const cases: { name: string; role: string; count: number; members: Record<string, string[]>; approvals: Record<string, { user: string; at: string }[]>; status: GateStatus; reason: string }[] = [
    { name: 'passes with enough approvals', role: 'release-manager', count: 1, members: { 'release-manager': ['alice', 'frank'] }, approvals: { 'release-manager': approve('alice') }, status: 'pass', reason: 'approved by alice' },
    { name: 'one person approving twice counts once', role: 'qa', count: 2, members: { qa: ['carol', 'dan'] }, approvals: { qa: approve('carol', 'carol') }, status: 'waiting', reason: '1 of 2 approvals from qa; dan may approve' },
    {
      name: 'waits, listing who may still approve but not who already did',
      role: 'release-manager',
      count: 2,
      members: { 'release-manager': ['alice', 'bob', 'frank'] },
      approvals: { 'release-manager': approve('bob') },
      status: 'waiting',
      reason: '1 of 2 approvals from release-manager; alice, frank may approve',
    },
    { name: 'waits with no approvals yet', role: 'qa', count: 1, members: { qa: ['carol'] }, approvals: {}, status: 'waiting', reason: '0 of 1 approval from qa; carol may approve' },
    { name: 'fails when too few people hold the role', role: 'qa', count: 2, members: { qa: ['carol'] }, approvals: {}, status: 'fail', reason: 'needs 2 approvals from qa but only carol holds that role' },
    { name: 'fails when nobody holds the role', role: 'qa', count: 1, members: { sre: ['dave'] }, approvals: {}, status: 'fail', reason: 'nobody holds role qa for this product' },
    {
      name: 'counts an approver who holds the role globally, not for the product',
      role: 'qa',
      count: 2,
      members: { qa: ['carol'] },
      approvals: { qa: approve('root', 'carol') },
      status: 'pass',
      reason: 'approved by root, carol',
    },
    {
      name: 'a global approver plus the members may still be enough',
      role: 'qa',
      count: 2,
      members: { qa: ['carol'] },
      approvals: { qa: approve('root') },
      status: 'waiting',
      reason: '1 of 2 approvals from qa; carol may approve',
    },
    {
      name: 'fails when members and approvers together are too few',
      role: 'qa',
      count: 3,
      members: { qa: ['carol'] },
      approvals: { qa: approve('root') },
      status: 'fail',
      reason: 'needs 3 approvals from qa but only root, carol hold that role',
    },
    { name: 'passes without members when enough approved', role: 'qa', count: 1, members: {}, approvals: { qa: approve('root') }, status: 'pass', reason: 'approved by root' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const gate: Extract<GateSpec, { kind: 'approval' }> = { kind: 'approval', role: c.role, count: c.count };
      const v = evaluateApprovalGate(gate, gateContext(gate, { roleMembers: c.members, approvals: c.approvals }));
      assert.deepEqual(v, { gate: `approval:${c.role}`, kind: 'approval', status: c.status, reason: c.reason });
    });
  }
});
