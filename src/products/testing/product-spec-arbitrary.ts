/**
 * fast-check arbitraries of valid, normalised product specs (what
 * parseProductFile returns), for property tests. Test support only.
 */
import fc from 'fast-check';
import { USER_ROLES } from '../../auth/roles.ts';
import { DEFAULT_CHECKLISTS } from '../../checklists/default-checklists.ts';
import { slug } from '../product-file/read-checklist.ts';
import { compareText } from '../compare-text.ts';
import {
  DELIVERY_MODES, HOSTING_KINDS,
  type ChecklistItemSpec, type ComponentSpec, type ConfigValue, type GateSpec, type ProductSpec, type RingSpec, type RolloutSpec, type TargetSpec, type WaveSpec, type WindowSpec, type TrainSpec, type NotifierSpec,
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

/** Item text as a person writes it: punctuation the YAML writer must quote, no surrounding blanks. */
const itemTextArb = fc
  .string({ unit: fc.constantFrom(...LOWER, ...UPPER, ...DIGITS, ' ', ':', '#', '"', "'", '-', ',', 'é'), minLength: 1, maxLength: 60 })
  .map((t) => t.trim())
  .filter((t) => t !== '');

const checklistItemArb: fc.Arbitrary<ChecklistItemSpec> = fc.oneof(
  fc.record({
    id: word(LOWER + DIGITS, LOWER + DIGITS + '-', 20),
    text: itemTextArb,
    required: fc.boolean(),
    evidence: fc.constantFrom('optional' as const, 'required' as const),
  }),
  // The short form: a line of text, its id made from it.
  itemTextArb.filter((t) => /[a-z0-9]/i.test(t)).map((text): ChecklistItemSpec => ({ id: slug(text), text, required: true, evidence: 'optional' })),
);

/** A role's items: its defaults (left out of the file) when it has some, or a list of its own. */
function checklistItemsArb(role: string): fc.Arbitrary<ChecklistItemSpec[]> {
  const own = fc.uniqueArray(checklistItemArb, { minLength: 1, maxLength: 3, selector: (i) => i.id });
  const defaults = DEFAULT_CHECKLISTS[role];
  return defaults === undefined ? own : fc.oneof(fc.constant(defaults.map((i) => ({ ...i }))), own);
}

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
  checklist: fc.uniqueArray(roleArb, { minLength: 1, maxLength: 3 }).chain((roles) =>
    fc
      .tuple(...sorted(roles).map((role) => checklistItemsArb(role).map((items) => [role, items] as const)))
      .map((lists) => ({ kind: 'checklist' as const, roles: sorted(roles), items: Object.fromEntries(lists) })),
  ),
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
    fc.option(gateArbs.checklist, { nil: undefined }),
    fc.option(gateArbs.vote, { nil: undefined }),
  )
  .map(([quality, soak, approvals, blessed, window, checklist, vote]) => {
    const sortedApprovals = [...approvals].sort((a, b) => compareText(a.kind === 'approval' ? a.role : '', b.kind === 'approval' ? b.role : ''));
    return [quality, soak, ...sortedApprovals, blessed, window, checklist, vote].filter((g): g is GateSpec => g !== undefined);
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

const freezeListArb = fc.array(fc.tuple(instantArb, fc.integer({ min: 1_000, max: 30 * 86_400_000 }), textArb), { maxLength: 2 }).map((fs) =>
  fs
    .map(([from, length, reason]) => ({ from: new Date(from).toISOString(), to: new Date(from + length).toISOString(), reason }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.reason, b.reason)),
);

function trainArb(rings: string[]): fc.Arbitrary<TrainSpec | null> {
  return fc.option(
    fc.record({
      ring: fc.constantFrom(...rings),
      timezone: fc.constantFrom('UTC', 'Asia/Kolkata', 'Europe/Paris'),
      cut: fc.constantFrom('0 15 * * 1-5', '30 9 * * *'),
      vote: fc.constantFrom('0 16 * * 1-5', '0 10 * * *'),
      deploy: fc.constantFrom('0 17 * * 1-5', '0 11 * * *'),
      bump: fc.constantFrom('major' as const, 'minor' as const, 'patch' as const),
      branch: fc.constantFrom('main', 'release/2.x'),
      graceSeconds: secondsArb,
      freezes: freezeListArb,
    }),
    { nil: null },
  );
}

const eventsArb = fc.uniqueArray(fc.constantFrom('vote.decided', 'rollout.*', 'release.scheduled', '*'), { minLength: 1, maxLength: 3 }).map(sorted);
const notifiersArb: fc.Arbitrary<NotifierSpec[]> = fc
  .uniqueArray(
    fc.oneof(
      fc.record({
        name: nameArb,
        kind: fc.constant('webhook' as const),
        url: fc.constantFrom('https://hooks.example.com/rm', 'http://127.0.0.1:9000/hook'),
        secret: fc.option(configValueArb.map((v): ConfigValue => ({ value: v.value, secret: true })), { nil: null }),
        events: eventsArb,
      }),
      fc.record({ name: nameArb, kind: fc.constant('email' as const), to: fc.uniqueArray(fc.constantFrom('ops@example.com', 'qa@example.org'), { minLength: 1 }), events: eventsArb }),
    ),
    { maxLength: 2, selector: (n) => n.name },
  );

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
      train: trainArb(ringNames),
      notifiers: notifiersArb,
    }),
  )
  // fast-check may build null-prototype objects; a parsed or stored spec has plain ones.
  .map((spec) => structuredClone(spec));
