import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpec } from '../products/product-spec.ts';
import { evaluateChecklistGate } from './checklist-gate.ts';
import type { GateStatus, TickEvidence } from './gate-types.ts';
import { gateContext } from './testing/gate-context.ts';

type ChecklistGate = Extract<GateSpec, { kind: 'checklist' }>;

const gate: ChecklistGate = {
  kind: 'checklist',
  roles: ['qa', 'sre'],
  items: {
    qa: [
      { id: 'automation-passed', text: 'Automation passed', required: true, evidence: 'optional' },
      { id: 'load-test-report', text: 'Load test report attached', required: true, evidence: 'required' },
      { id: 'exploratory', text: 'Exploratory session held', required: false, evidence: 'optional' },
    ],
    sre: [{ id: 'on-call', text: 'On-call group named', required: true, evidence: 'optional' }],
  },
};

function tick(role: string, item: string, evidence = false): TickEvidence {
  return { role, item, user: role === 'qa' ? 'carol' : 'dave', at: '2026-11-23T09:30:00.000Z', evidence };
}

const allTicked = [tick('qa', 'automation-passed'), tick('qa', 'load-test-report', true), tick('sre', 'on-call')];

describe('checklist gate', () => {
  const cases: { name: string; ticks: TickEvidence[]; status: GateStatus; reason: string }[] = [
    { name: 'passes when every required item is ticked', ticks: allTicked, status: 'pass', reason: '3 required items ticked by qa, sre' },
    { name: 'an optional item left open does not hold it', ticks: allTicked.filter((t) => t.item !== 'exploratory'), status: 'pass', reason: '3 required items ticked by qa, sre' },
    { name: 'waits naming every open item by role', ticks: [], status: 'waiting', reason: '3 required items not ticked: qa: automation-passed, load-test-report (and 1 more)' },
    { name: 'waits for one role only', ticks: allTicked.filter((t) => t.role === 'qa'), status: 'waiting', reason: '1 required item not ticked: sre: on-call' },
    {
      name: 'an item that needs evidence is open until a tick brings some',
      ticks: [tick('qa', 'automation-passed'), tick('qa', 'load-test-report', false), tick('sre', 'on-call')],
      status: 'waiting',
      reason: '1 required item not ticked: qa: load-test-report (needs evidence)',
    },
    {
      name: 'ticks under a role outside the checklist do not count',
      ticks: [tick('qa', 'automation-passed'), tick('qa', 'load-test-report', true), tick('product', 'on-call')],
      status: 'waiting',
      reason: '1 required item not ticked: sre: on-call',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(evaluateChecklistGate(gate, gateContext(gate, { ticks: c.ticks })), { gate: 'checklist', kind: 'checklist', status: c.status, reason: c.reason });
    });
  }
});
