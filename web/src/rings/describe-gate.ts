/**
 * Gates, rollout policies and windows in plain words, for the rings and
 * targets pages. Pure and free of React and of value imports, so its unit test
 * runs in Node as is.
 */
import type { GateSpec, RolloutSpec, WindowSpec } from '../../../src/products/product-spec.ts';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** "quality: no failed tests, coverage ≥ 80%", "soak: 24 h", "blessed releases only", … */
export function describeGate(gate: GateSpec): string {
  switch (gate.kind) {
    case 'quality':
      return `quality: ${describeQuality(gate).join(', ')}`;
    case 'soak':
      return `soak: ${describeSeconds(gate.seconds)}`;
    case 'approval':
      return `approval: ${gate.count} of ${gate.role}`;
    case 'blessed':
      return 'blessed releases only';
    case 'window': {
      const freezes = gate.freezes.map((f) => `; frozen ${describeInstant(f.from)} to ${describeInstant(f.to)}${f.reason ? ` (${f.reason})` : ''}`);
      return `window: ${describeWindow(gate.window)}${freezes.join('')}`;
    }
    case 'vote': {
      const who = gate.quorum >= gate.roles.length ? `all of ${gate.roles.join(', ')}` : `${gate.quorum} of ${gate.roles.join(', ')}`;
      const veto = gate.veto.length > 0 ? `; veto: ${gate.veto.join(', ')}` : '';
      const deadline = gate.deadlineSeconds === null ? '' : `; open for ${describeSeconds(gate.deadlineSeconds)}`;
      return `vote: Go from ${who}${veto}${deadline}`;
    }
    case 'checklist':
      return `checklist: ${gate.roles.map((role) => describeChecklist(role, gate.items[role] ?? [])).join('; ')}`;
  }
}

/** "qa: 3 items, 1 needing evidence", "sre: 4 items, 1 optional". */
function describeChecklist(role: string, items: readonly { required: boolean; evidence: 'optional' | 'required' }[]): string {
  const optional = items.filter((i) => !i.required).length;
  const evidence = items.filter((i) => i.evidence === 'required').length;
  return [`${role}: ${plural(items.length, 'item')}`, ...(optional > 0 ? [`${optional} optional`] : []), ...(evidence > 0 ? [`${evidence} needing evidence`] : [])].join(', ');
}

function describeQuality(gate: Extract<GateSpec, { kind: 'quality' }>): string[] {
  const parts = [gate.testsFailedMax === 0 ? 'no failed tests' : `at most ${plural(gate.testsFailedMax, 'failed test')}`];
  if (gate.coverageMin !== null) parts.push(`coverage ≥ ${gate.coverageMin}%`);
  for (const severity of SEVERITIES) {
    const max = gate.vulnerabilitiesMax[severity];
    if (max === undefined) continue;
    parts.push(max === 0 ? `no ${severity} vulnerabilities` : `at most ${plural(max, `${severity} vulnerability`, `${severity} vulnerabilities`)}`);
  }
  if (gate.requiredStages.length > 0) parts.push(`stages passed: ${gate.requiredStages.join(', ')}`);
  return parts;
}

/** "0 17 * * 1-5 in Asia/Kolkata for 1 h": a gate's window or a target's maintenance window. */
export function describeWindow(window: WindowSpec): string {
  return `${window.cron} in ${window.timezone} for ${describeSeconds(window.durationSeconds)}`;
}

/** How a ring's targets receive a release, one phrase per setting, every setting named. */
export function describeRollout(policy: RolloutSpec): string[] {
  return [
    describeWaves(policy),
    policy.pauseSeconds > 0 ? `${describeSeconds(policy.pauseSeconds)} pause between waves` : 'no pause between waves',
    `halts after ${plural(policy.haltOnFailures, 'failed deployment')}`,
    policy.autoPromote ? 'releases enter on their own once they may' : 'releases enter when promoted',
    policy.autoRollback ? 'a target whose verify step fails is rolled back at once' : 'no automatic rollback',
    policy.unreachable === 'skip' ? 'unreachable pull targets are skipped and retried' : 'an unreachable pull target blocks the ring',
  ];
}

function describeWaves(policy: RolloutSpec): string {
  const waves = policy.waves;
  const first = waves[0];
  if (waves.length === 1 && first && 'percent' in first && first.percent === 100) return 'all targets in one wave';
  // Waves are cumulative, and all percentages or all counts (the product file refuses a mix).
  const reach = waves.map((w) => ('percent' in w ? `${w.percent}%` : String(w.count))).join(', ');
  return waves.every((w) => 'count' in w) ? `waves reaching ${reach} targets, then all` : `waves reaching ${reach} of the targets`;
}

/** "90 s", "10 min", "1 h 30 min", "24 h", "2 d 6 h": whole units, zero parts left out. */
export function describeSeconds(total: number): string {
  if (total <= 0) return '0 s';
  const days = total >= 48 * 3600 ? Math.floor(total / 86400) : 0;
  const hours = Math.floor((total - days * 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds) parts.push(`${seconds} s`);
  return parts.join(' ');
}

/** "2026-12-24T00:00:00.000Z" → "2026-12-24 00:00 UTC": freezes are stored in UTC; shown the same for every reader. */
function describeInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  if (!match) return iso;
  const seconds = match[3] && !/^:00(\.0+)?$/.test(match[3]) ? match[3].replace(/\.\d+$/, '') : '';
  return `${match[1]} ${match[2]}${seconds} UTC`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
