/** Building gate contexts for tests: a sensible default product, with only what a test cares about changed. */
import type { StageResult } from '../../builds/build-types.ts';
import { DEFAULT_ROLLOUT, type GateSpec, type RingSpec } from '../../products/product-spec.ts';
import type { RingProgress, RolloutState } from '../../releases/release-types.ts';
import type { BuildEvidence, GateContext } from '../gate-types.ts';

export function ring(name: string, gates: GateSpec[] = []): RingSpec {
  return { name, description: '', gates, rollout: DEFAULT_ROLLOUT };
}

export function progress(ring: string, state: RolloutState | null, finishedAt: string | null = null, failures = 0): RingProgress {
  return { ring, state, startedAt: state === null ? null : '2026-11-01T00:00:00.000Z', finishedAt, failures };
}

export function build(component: string, version: string, ...stages: StageResult[]): BuildEvidence {
  return { component, version, stages };
}

export const RING_NAMES = ['dev', 'internal', 'early-adopters', 'production'] as const;

/**
 * A context for entering `ringName` (one of RING_NAMES) with `gate` as its only
 * gate; the release has not entered any ring unless `progress` says otherwise.
 */
export function gateContext(gate: GateSpec, overrides: Partial<GateContext> = {}, ringName: string = 'production'): GateContext {
  const rings = RING_NAMES.map((name) => ring(name, name === ringName ? [gate] : []));
  const entered = rings.find((r) => r.name === ringName);
  if (entered === undefined) throw new Error(`no ring ${ringName} in the test product`);
  return {
    now: new Date('2026-11-23T10:00:00.000Z'),
    ring: entered,
    rings,
    release: { version: '2.4.0', state: 'in-progress', blessed: false },
    progress: rings.map((r) => progress(r.name, null)),
    builds: [],
    roleMembers: {},
    approvals: {},
    vote: { openedAt: null, closesAt: null, votes: [] },
    ticks: [],
    ...overrides,
  };
}
