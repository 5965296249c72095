/**
 * ProductSpec → product file text, the inverse of parseProductFile, so that
 * property tests can check the round trip. Test support only: it writes
 * secret values out in clear.
 */
import { stringify } from 'yaml';
import { DEFAULT_CHECKLISTS } from '../../checklists/default-checklists.ts';
import type { ChecklistItemSpec, GateSpec, ProductSpec, RolloutSpec, TargetSpec, WindowSpec } from '../product-spec.ts';
import { slug } from '../product-file/read-checklist.ts';
import { formatDuration } from '../product-file/durations.ts';

/** `reverseKeys` writes every map's keys in reverse order, to show key order does not matter. */
export function toProductFile(spec: ProductSpec, reverseKeys = false): string {
  const file = {
    product: spec.name,
    description: spec.description,
    components: spec.components.map((c) => ({ name: c.name, description: c.description, dependsOn: c.dependsOn, metadata: c.metadata })),
    rings: spec.rings.map((r) => ({ name: r.name, description: r.description, gates: r.gates.map(gateToFile), rollout: rolloutToFile(r.rollout) })),
    targets: spec.targets.map(targetToFile),
    roles: spec.roles,
    ...(spec.train === null ? {} : { train: { ...spec.train, graceSeconds: undefined, grace: formatDuration(spec.train.graceSeconds) } }),
    notify: spec.notifiers.map((n) =>
      n.kind === 'webhook'
        ? { name: n.name, webhook: { url: n.url, ...(n.secret === null ? {} : { secret: { secret: n.secret.value } }) }, events: n.events }
        : { name: n.name, email: { to: n.to }, events: n.events },
    ),
  };
  return stringify(reverseKeys ? reverseMapKeys(file) : file);
}

function windowToFile(w: WindowSpec): Record<string, unknown> {
  return { cron: w.cron, timezone: w.timezone, duration: formatDuration(w.durationSeconds) };
}

function gateToFile(gate: GateSpec): Record<string, unknown> {
  switch (gate.kind) {
    case 'quality': {
      const v = gate.vulnerabilitiesMax;
      return {
        quality: {
          testsFailed: gate.testsFailedMax,
          ...(gate.coverageMin === null ? {} : { coverageMin: gate.coverageMin }),
          ...(v.critical === undefined ? {} : { criticalVulns: v.critical }),
          ...(v.high === undefined ? {} : { highVulns: v.high }),
          ...(v.medium === undefined ? {} : { mediumVulns: v.medium }),
          ...(v.low === undefined ? {} : { lowVulns: v.low }),
          requiredStages: gate.requiredStages,
        },
      };
    }
    case 'soak':
      return { soak: formatDuration(gate.seconds) };
    case 'approval':
      return { approval: { role: gate.role, count: gate.count } };
    case 'blessed':
      return { blessed: true };
    case 'window':
      return { window: { ...windowToFile(gate.window), freezes: gate.freezes } };
    case 'checklist': {
      // Roles whose items are their defaults are left out of `items`, as a person would write it.
      const own = gate.roles.filter((role) => !sameItems(gate.items[role] ?? [], DEFAULT_CHECKLISTS[role]));
      const items = Object.fromEntries(own.map((role) => [role, (gate.items[role] ?? []).map(itemToFile)]));
      return { checklist: { roles: gate.roles, ...(own.length === 0 ? {} : { items }) } };
    }
    case 'vote':
      return {
        vote: { roles: gate.roles, veto: gate.veto, quorum: gate.quorum, ...(gate.deadlineSeconds === null ? {} : { deadline: formatDuration(gate.deadlineSeconds) }) },
      };
  }
}

function sameItems(items: readonly ChecklistItemSpec[], defaults: readonly ChecklistItemSpec[] | undefined): boolean {
  return defaults !== undefined && JSON.stringify(items) === JSON.stringify(defaults);
}

/** The short form (a line of text) when it reads back the same, else the map. */
function itemToFile(item: ChecklistItemSpec): unknown {
  if (item.required && item.evidence === 'optional' && slug(item.text) === item.id) return item.text;
  return { id: item.id, text: item.text, required: item.required, evidence: item.evidence };
}

function rolloutToFile(r: RolloutSpec): Record<string, unknown> {
  return {
    waves: r.waves.map((w) => ('percent' in w ? `${w.percent}%` : w.count)),
    pause: formatDuration(r.pauseSeconds),
    haltOnFailures: r.haltOnFailures,
    autoPromote: r.autoPromote,
    autoRollback: r.autoRollback,
    unreachable: r.unreachable,
  };
}

function targetToFile(t: TargetSpec): Record<string, unknown> {
  const deploy: Record<string, unknown> = { timeout: formatDuration(t.deploy.timeoutSeconds) };
  for (const key of ['command', 'verify', 'rollback'] as const) {
    if (t.deploy[key] !== null) deploy[key] = t.deploy[key];
  }
  return {
    name: t.name,
    ring: t.ring,
    users: t.users,
    hosting: t.hosting,
    delivery: t.delivery,
    ...(t.maintenanceWindow === null ? {} : { maintenanceWindow: windowToFile(t.maintenanceWindow) }),
    deploy,
    config: Object.fromEntries(Object.entries(t.config).map(([k, v]) => [k, v.secret ? { secret: v.value } : v.value])),
    labels: t.labels,
  };
}

function reverseMapKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseMapKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseMapKeys(v)]));
}
