/**
 * ProductSpec → product file text, the inverse of parseProductFile, so that
 * property tests can check the round trip. Test support only: it writes
 * secret values out in clear.
 */
import { stringify } from 'yaml';
import type { GateSpec, ProductSpec, RolloutSpec, TargetSpec, WindowSpec } from '../product-spec.ts';
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
    case 'vote':
      return {
        vote: { roles: gate.roles, veto: gate.veto, quorum: gate.quorum, ...(gate.deadlineSeconds === null ? {} : { deadline: formatDuration(gate.deadlineSeconds) }) },
      };
  }
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
