/**
 * One-line summaries of a ring's gates and rollout policy for tables:
 * "quality, soak 1d, vote qa+sre veto" and "5% → 25% → 100%, halt after 1".
 */
import type { Ring } from '../../client/api-types.ts';
import { formatDuration } from '../../products/product-file/durations.ts';

type Gate = Ring['gates'][number];

export function summarizeGates(gates: readonly Gate[]): string {
  return gates.length === 0 ? '-' : gates.map(summarizeGate).join(', ');
}

export function summarizeGate(gate: Gate): string {
  switch (gate.kind) {
    case 'quality':
      return 'quality';
    case 'soak':
      return `soak ${formatDuration(gate.seconds)}`;
    case 'approval':
      return `approval ${gate.count > 1 ? `${gate.count}× ` : ''}${gate.role}`;
    case 'blessed':
      return 'blessed';
    case 'window':
      return `window ${gate.window.cron} ${gate.window.timezone}`;
    case 'vote': {
      const quorum = gate.quorum < gate.roles.length ? ` ${gate.quorum} of ${gate.roles.length}` : '';
      return `vote${quorum}${gate.veto.length > 0 ? ` ${gate.veto.join('+')} veto` : ''}`;
    }
    case 'checklist':
      return `checklist ${gate.roles.join('+')}`;
  }
}

export function summarizeRollout(rollout: Ring['rollout']): string {
  const waves = rollout.waves.map((w) => ('percent' in w ? `${w.percent}%` : String(w.count))).join(' → ');
  return [
    'percent' in (rollout.waves[0] ?? { percent: 0 }) ? waves : `${waves} targets`,
    ...(rollout.pauseSeconds > 0 ? [`pause ${formatDuration(rollout.pauseSeconds)}`] : []),
    `halt after ${rollout.haltOnFailures}`,
    ...(rollout.autoPromote ? ['auto-promote'] : []),
    ...(rollout.autoRollback ? ['auto-rollback'] : []),
    ...(rollout.unreachable === 'skip' ? ['skip unreachable'] : []),
  ].join(', ');
}
