/**
 * fast-check arbitraries of valid, normalised product specs (what
 * parseProductFile returns), for property tests. Test support only.
 */
import fc from 'fast-check';
import { USER_ROLES } from '../../auth/roles.ts';
import { compareText } from '../compare-text.ts';
import {
  DELIVERY_MODES, HOSTING_KINDS,
  type ComponentSpec, type ConfigValue, type GateSpec, type ProductSpec, type RingSpec, type RolloutSpec, type TargetSpec, type WaveSpec, type WindowSpec,
} from '../product-spec.ts';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

/** A first character from `first`, then up to `max` from `rest` (cheaper than fc.stringMatching). */
function word(first: string, rest: string, max: number): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...first), fc.string({ unit: fc.constantFrom(...rest), maxLength: max })).map(([a, b]) => a + b);
}

const nameArb = word(LOWER, LOWER + DIGITS + '-', 11);
const textArb = fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }));
const sorted = (values: string[]): string[] => [...values].sort(compareText);
const roleArb = fc.constantFrom(...USER_ROLES);
const secondsArb = fc.integer({ min: 1, max: 30 * 86_400 });

const jsonLeaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)));
const metadataArb: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  word(LOWER, LOWER + UPPER, 7),
  fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 }), fc.dictionary(word(LOWER, LOWER, 5), jsonLeaf, { maxKeys: 3 })),
  { maxKeys: 3 },
);

export const windowArb: fc.Arbitrary<WindowSpec> = fc.record({
  cron: fc.constantFrom('0 17 * * 1-5', '0 2 * * 0', '*/15 * * * *', '30 22 * * 6', '@daily'),
  timezone: fc.constantFrom('UTC', 'Asia/Kolkata', 'Europe/Paris', 'America/Chicago'),
  durationSeconds: secondsArb,
});

const instantArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000);

const gateArbs: Record<GateSpec['kind'], fc.Arbitrary<GateSpec>> = {
  quality: fc.record({
    kind: fc.constant('quality' as const),
    testsFailedMax: fc.nat(5),
    coverageMin: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    vulnerabilitiesMax: fc.record({ critical: fc.nat(3), high: fc.nat(9), medium: fc.nat(20), low: fc.nat(50) }, { requiredKeys: [] }),
    requiredStages: fc.uniqueArray(word(LOWER, LOWER + DIGITS + '-', 8), { maxLength: 3 }).map(sorted),
  }),
  soak: fc.record({ kind: fc.constant('soak' as const), seconds: secondsArb }),
  approval: fc.record({ kind: fc.constant('approval' as const), role: roleArb, count: fc.integer({ min: 1, max: 3 }) }),
  blessed: fc.constant({ kind: 'blessed' as const }),
  window: fc.record({
    kind: fc.constant('window' as const),
    window: windowArb,
    freezes: fc.array(fc.tuple(instantArb, fc.integer({ min: 1_000, max: 30 * 86_400_000 }), textArb), { maxLength: 2 }).map((fs) =>
      fs
        .map(([from, length, reason]) => ({ from: new Date(from).toISOString(), to: new Date(from + length).toISOString(), reason }))
        .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.reason, b.reason)),
    ),
  }),
  vote: fc.uniqueArray(roleArb, { minLength: 1, maxLength: 4 }).chain((roles) =>
    fc.record({
      kind: fc.constant('vote' as const),
      roles: fc.constant(sorted(roles)),
      veto: fc.subarray(roles).map(sorted),
      quorum: fc.integer({ min: 1, max: roles.length }),
      deadlineSeconds: fc.option(secondsArb, { nil: null }),
    }),
  ),
};

/** Gates in the canonical order, at most one of each kind (approvals: one per role). */
const gatesArb: fc.Arbitrary<GateSpec[]> = fc
  .tuple(
    fc.option(gateArbs.quality, { nil: undefined }),
    fc.option(gateArbs.soak, { nil: undefined }),
    fc.uniqueArray(gateArbs.approval, { maxLength: 2, selector: (g) => (g.kind === 'approval' ? g.role : '') }),
    fc.option(gateArbs.blessed, { nil: undefined }),
    fc.option(gateArbs.window, { nil: undefined }),
    fc.option(gateArbs.vote, { nil: undefined }),
  )
  .map(([quality, soak, approvals, blessed, window, vote]) => {
    const sortedApprovals = [...approvals].sort((a, b) => compareText(a.kind === 'approval' ? a.role : '', b.kind === 'approval' ? b.role : ''));
    return [quality, soak, ...sortedApprovals, blessed, window, vote].filter((g): g is GateSpec => g !== undefined);
  });

const increasing = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
const wavesArb: fc.Arbitrary<WaveSpec[]> = fc.oneof(
  fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }).map((ps) => [...increasing(ps), 100].map((percent) => ({ percent }))),
  fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }).map((cs) => increasing(cs).map((count) => ({ count }))),
);

export const rolloutArb: fc.Arbitrary<RolloutSpec> = fc.record({
  waves: wavesArb,
  pauseSeconds: fc.nat(7200),
  haltOnFailures: fc.integer({ min: 1, max: 5 }),
  autoPromote: fc.boolean(),
  autoRollback: fc.boolean(),
  unreachable: fc.constantFrom('block' as const, 'skip' as const),
});

/** Each component depends only on earlier ones, so the graph has no cycle. */
function componentsArb(names: string[]): fc.Arbitrary<ComponentSpec[]> {
  return fc.tuple(
    ...names.map((name, i) =>
      fc.record({ name: fc.constant(name), description: textArb, dependsOn: fc.subarray(names.slice(0, i)).map(sorted), metadata: metadataArb }),
    ),
  );
}

const configValueArb: fc.Arbitrary<ConfigValue> = fc.oneof(
  fc.record({ value: fc.string({ maxLength: 20 }), secret: fc.constant(false as const) }),
  fc.record({ value: fc.string({ minLength: 1, maxLength: 20 }), secret: fc.constant(true as const) }),
);

function targetArb(name: string, rings: string[]): fc.Arbitrary<TargetSpec> {
  const command = fc.option(word(LOWER, LOWER, 7).map((w) => `./${w}.sh`), { nil: null });
  return fc
    .record({
      name: fc.constant(name),
      ring: fc.constantFrom(...rings),
      users: fc.nat(100_000),
      hosting: fc.constantFrom(...HOSTING_KINDS),
      delivery: fc.constantFrom(...DELIVERY_MODES),
      maintenanceWindow: fc.option(windowArb, { nil: null }),
      deploy: fc.record({ command, verify: command, rollback: command, timeoutSeconds: secondsArb }),
      config: fc.dictionary(word(UPPER, UPPER + DIGITS + '_', 10), configValueArb, { maxKeys: 4 }),
      labels: fc.dictionary(word(LOWER, LOWER + DIGITS + '.-', 8), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    })
    .map((t) => ({
      ...t,
      // Push targets need a deploy command.
      deploy: t.delivery === 'push' && t.deploy.command === null ? { ...t.deploy, command: './deploy.sh' } : t.deploy,
      config: sortKeys(t.config),
      labels: sortKeys(t.labels),
    }));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

const rolesArb: fc.Arbitrary<Record<string, string[]>> = fc
  .dictionary(roleArb, fc.uniqueArray(word(LOWER, LOWER + DIGITS + '.', 8), { minLength: 1, maxLength: 3 }).map(sorted), { maxKeys: 4 })
  .map(sortKeys);

export const productSpecArb: fc.Arbitrary<ProductSpec> = fc
  .record({
    name: nameArb,
    description: textArb,
    componentNames: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 }),
    ringNames: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 4 }),
    targetNames: fc.uniqueArray(nameArb, { maxLength: 5 }),
  })
  .chain(({ name, description, componentNames, ringNames, targetNames }) =>
    fc.record({
      name: fc.constant(name),
      description: fc.constant(description),
      components: componentsArb(componentNames),
      rings: fc.tuple(...ringNames.map((ring) => fc.record({ name: fc.constant(ring), description: textArb, gates: gatesArb, rollout: rolloutArb }))) as fc.Arbitrary<RingSpec[]>,
      targets: fc.tuple(...targetNames.map((target) => targetArb(target, ringNames))) as fc.Arbitrary<TargetSpec[]>,
      roles: rolesArb,
    }),
  )
  // fast-check may build null-prototype objects; a parsed or stored spec has plain ones.
  .map((spec) => structuredClone(spec));
