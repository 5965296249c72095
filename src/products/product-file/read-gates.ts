/**
 * Ring entry gates: a list of one-key maps like `- soak: 24h`.
 */
import { isMap } from 'yaml';
import { USER_ROLES } from '../../auth/roles.ts';
import { compareText } from '../compare-text.ts';
import type { GateSpec } from '../product-spec.ts';
import { keyPath } from './product-file-error.ts';
import { checkStage } from './name-rules.ts';
import { readChecklistGate } from './read-checklist.ts';
import { readWindowGate } from './read-schedule.ts';
import { didYouMean } from './suggest.ts';
import type { Located, Reader } from './yaml-reader.ts';

type GateKind = GateSpec['kind'];
/** Also the canonical order of gates in a ring spec. */
export const GATE_KINDS: readonly GateKind[] = ['quality', 'soak', 'approval', 'blessed', 'window', 'checklist', 'vote'];

const VULNERABILITY_KEYS = { criticalVulns: 'critical', highVulns: 'high', mediumVulns: 'medium', lowVulns: 'low' } as const;

export function readGates(r: Reader, at: Located): GateSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  const gates: GateSpec[] = [];
  let ok = true;
  for (const item of items) {
    const gate = readGateItem(r, item, gates);
    if (gate === undefined) ok = false;
    else gates.push(gate);
  }
  // Gate order carries no meaning: a canonical order makes equivalent files equal.
  return ok ? gates.sort((a, b) => GATE_KINDS.indexOf(a.kind) - GATE_KINDS.indexOf(b.kind) || compareText(approvalRole(a), approvalRole(b))) : undefined;
}

/** One `- kind: value` item, checked against the gates before it. */
function readGateItem(r: Reader, item: Located, before: readonly GateSpec[]): GateSpec | undefined {
  if (!isMap(item.node) || item.node.items.length !== 1) {
    r.report(item.node, item.path, `each gate is a map with one key, one of ${GATE_KINDS.join(', ')}; like '- soak: 24h'`);
    return undefined;
  }
  const entry = r.entries(item)?.[0];
  if (entry === undefined) return undefined;
  const kind = entry.key.value as string;
  const path = keyPath(item.path, kind);
  if (!(GATE_KINDS as readonly string[]).includes(kind)) {
    r.report(entry.key, path, `unknown gate '${kind}'${didYouMean(kind, GATE_KINDS)}; gates are ${GATE_KINDS.join(', ')}`);
    return undefined;
  }
  if (entry.value === null) {
    r.report(entry.key, path, `gate '${kind}' needs a value`);
    return undefined;
  }
  const gate = readGate(r, kind as GateKind, entry.value);
  if (gate === undefined) return undefined;
  const twin = before.some((g) => g.kind === gate.kind && (g.kind !== 'approval' || gate.kind !== 'approval' || g.role === gate.role));
  if (twin) {
    const what = gate.kind === 'approval' ? `approval gate for role '${gate.role}'` : `${gate.kind} gate`;
    r.report(entry.key, path, `a ring has at most one ${what}`);
    return undefined;
  }
  return gate;
}

function approvalRole(gate: GateSpec): string {
  return gate.kind === 'approval' ? gate.role : '';
}

function readGate(r: Reader, kind: GateKind, at: Located): GateSpec | undefined {
  switch (kind) {
    case 'quality':
      return readQuality(r, at);
    case 'soak': {
      const seconds = r.duration(at, 1);
      return seconds === undefined ? undefined : { kind, seconds };
    }
    case 'approval':
      return readApproval(r, at);
    case 'blessed': {
      const value = r.boolean(at);
      if (value === false) r.report(at.node, at.path, 'blessed: false means no gate: omit the gate instead');
      return value === true ? { kind } : undefined;
    }
    case 'window': {
      const window = readWindowGate(r, at);
      return window && { kind, ...window };
    }
    case 'vote':
      return readVote(r, at);
    case 'checklist':
      return readChecklistGate(r, at);
  }
}

function readQuality(r: Reader, at: Located): GateSpec | undefined {
  const m = r.map(at, ['testsFailed', 'coverageMin', 'requiredStages', ...(Object.keys(VULNERABILITY_KEYS) as (keyof typeof VULNERABILITY_KEYS)[])]);
  if (m === undefined) return undefined;
  let ok = true;
  const testsFailedAt = m.get('testsFailed');
  const testsFailedMax = testsFailedAt === undefined ? 0 : r.integer(testsFailedAt, 0);
  const coverageAt = m.get('coverageMin');
  const coverageMin = coverageAt === undefined ? null : r.number(coverageAt, 0, 100);
  const vulnerabilitiesMax: Partial<Record<'critical' | 'high' | 'medium' | 'low', number>> = {};
  for (const [key, severity] of Object.entries(VULNERABILITY_KEYS)) {
    const vAt = m.get(key as keyof typeof VULNERABILITY_KEYS);
    if (vAt === undefined) continue;
    const max = r.integer(vAt, 0);
    if (max === undefined) ok = false;
    else vulnerabilitiesMax[severity] = max;
  }
  const stagesAt = m.get('requiredStages');
  const stages = stagesAt === undefined ? [] : r.stringList(stagesAt, checkStage);
  if (!ok || testsFailedMax === undefined || coverageMin === undefined || stages === undefined) return undefined;
  const requiredStages = stages.map((s) => s.value).sort(compareText);
  return { kind: 'quality', testsFailedMax, coverageMin, vulnerabilitiesMax, requiredStages };
}

function readApproval(r: Reader, at: Located): GateSpec | undefined {
  const m = r.map(at, ['role', 'count']);
  if (m === undefined) return undefined;
  const roleAt = m.require('role');
  const role = roleAt && r.oneOf(roleAt, USER_ROLES);
  const countAt = m.get('count');
  const count = countAt === undefined ? 1 : r.integer(countAt, 1);
  if (role === undefined || count === undefined) return undefined;
  return { kind: 'approval', role, count };
}

function readVote(r: Reader, at: Located): GateSpec | undefined {
  const m = r.map(at, ['roles', 'veto', 'quorum', 'deadline']);
  if (m === undefined) return undefined;
  const rolesAt = m.require('roles');
  const roles = rolesAt && r.stringList(rolesAt, checkRole);
  if (rolesAt !== undefined && roles?.length === 0) r.report(rolesAt.node, rolesAt.path, 'a vote needs at least one role');
  const vetoAt = m.get('veto');
  const veto = vetoAt === undefined ? [] : r.stringList(vetoAt, checkRole);
  const quorumAt = m.get('quorum');
  const deadlineAt = m.get('deadline');
  const deadlineSeconds = deadlineAt === undefined ? null : r.duration(deadlineAt, 1);
  if (roles === undefined || roles.length === 0) return undefined;
  const roleNames = roles.map((x) => x.value);
  let ok = veto !== undefined && deadlineSeconds !== undefined;
  for (const v of veto ?? []) {
    if (!roleNames.includes(v.value)) {
      r.report(v.at.node, v.at.path, `veto role '${v.value}' is not one of the voting roles`);
      ok = false;
    }
  }
  const quorum = quorumAt === undefined ? roleNames.length : r.integer(quorumAt, 1, roleNames.length);
  if (!ok || quorum === undefined || veto === undefined || deadlineSeconds === undefined) return undefined;
  return { kind: 'vote', roles: roleNames.sort(compareText), veto: veto.map((v) => v.value).sort(compareText), quorum, deadlineSeconds };
}

export function checkRole(role: string): string | null {
  return (USER_ROLES as readonly string[]).includes(role) ? null : `unknown role '${role}'${didYouMean(role, USER_ROLES)}; roles are ${USER_ROLES.join(', ')}`;
}
