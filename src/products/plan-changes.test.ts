import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { planChanges } from './plan-changes.ts';
import { DEFAULT_DEPLOY, DEFAULT_ROLLOUT, type ProductSpec, type TargetSpec } from './product-spec.ts';
import { productSpecArb } from './testing/product-spec-arbitrary.ts';

const target = (name: string, ring: string, more: Partial<TargetSpec> = {}): TargetSpec => ({
  name, ring, users: 0, hosting: 'internal', delivery: 'push', maintenanceWindow: null,
  deploy: { ...DEFAULT_DEPLOY, command: './deploy.sh' }, config: {}, labels: {}, ...more,
});

const base: ProductSpec = {
  name: 'maya-online',
  description: '',
  components: [
    { name: 'api', description: '', dependsOn: [], metadata: {} },
    { name: 'web', description: '', dependsOn: ['api'], metadata: {} },
  ],
  rings: [
    { name: 'dev', description: '', gates: [], rollout: DEFAULT_ROLLOUT },
    { name: 'prod', description: '', gates: [{ kind: 'blessed' }], rollout: DEFAULT_ROLLOUT },
  ],
  targets: [target('dev-cluster', 'dev', { config: { SMTP_PASSWORD: { value: 'old-secret', secret: true }, LOG_LEVEL: { value: 'info', secret: false } } })],
  roles: { qa: ['carol'] },
  train: null,
  notifiers: [{ name: 'ops-hook', kind: 'webhook', url: 'https://hooks.example.com/a', secret: { value: 'hook-secret', secret: true }, events: ['vote.decided'] }],
};

const TRAIN = { ring: 'prod', timezone: 'Asia/Kolkata', cut: '0 15 * * 1-5', vote: '0 16 * * 1-5', deploy: '0 17 * * 1-5', bump: 'minor', branch: 'main', graceSeconds: 3600, freezes: [] } as const;

const edit = (change: (spec: ProductSpec) => void): ProductSpec => {
  const copy = structuredClone(base);
  change(copy);
  return copy;
};

describe('planChanges', () => {
  it('creates everything when nothing exists yet, in kind order', () => {
    assert.deepEqual(
      planChanges(null, base).map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['create product maya-online', 'create component api', 'create component web', 'create ring dev', 'create ring prod', 'create target dev-cluster', 'create role qa', 'create notifier ops-hook'],
    );
  });

  const cases: { name: string; desired: ProductSpec; changes: string[] }[] = [
    { name: 'product description', desired: edit((s) => (s.description = 'new')), changes: ['update product maya-online description'] },
    { name: 'a new dependency', desired: edit((s) => s.components[0]?.dependsOn.push('web')), changes: ['update component api dependsOn'] },
    { name: 'component metadata', desired: edit((s) => ((s.components[1] as { metadata: object }).metadata = { notes: 'x' })), changes: ['update component web metadata'] },
    { name: 'a component added', desired: edit((s) => s.components.unshift({ name: 'db', description: '', dependsOn: [], metadata: {} })), changes: ['create component db'] },
    { name: 'a component removed', desired: edit((s) => s.components.splice(0, 1)), changes: ['delete component api'] },
    { name: 'rings reordered', desired: edit((s) => s.rings.reverse()), changes: ['update ring prod position', 'update ring dev position'] },
    {
      name: 'gates and rollout',
      desired: edit((s) => {
        const prod = s.rings[1] as ProductSpec['rings'][number];
        prod.gates = [{ kind: 'soak', seconds: 60 }];
        prod.rollout = { ...DEFAULT_ROLLOUT, autoRollback: true };
      }),
      changes: ['update ring prod gates,rollout'],
    },
    { name: 'a secret value changed', desired: edit((s) => ((s.targets[0] as TargetSpec).config.SMTP_PASSWORD = { value: 'new-secret', secret: true })), changes: ['update target dev-cluster config.SMTP_PASSWORD'] },
    { name: 'a value made secret', desired: edit((s) => ((s.targets[0] as TargetSpec).config.LOG_LEVEL = { value: 'info', secret: true })), changes: ['update target dev-cluster config.LOG_LEVEL'] },
    { name: 'a config key removed', desired: edit((s) => delete (s.targets[0] as TargetSpec).config.LOG_LEVEL), changes: ['update target dev-cluster config.LOG_LEVEL'] },
    { name: 'target moved to another ring', desired: edit((s) => ((s.targets[0] as TargetSpec).ring = 'prod')), changes: ['update target dev-cluster ring'] },
    { name: 'target users and labels', desired: edit((s) => Object.assign(s.targets[0] as TargetSpec, { users: 5, labels: { region: 'eu' } })), changes: ['update target dev-cluster users,labels'] },
    { name: 'role members', desired: edit((s) => (s.roles.qa = ['carol', 'dave'])), changes: ['update role qa members'] },
    { name: 'role added and removed', desired: edit((s) => (s.roles = { sre: ['erin'] })), changes: ['create role sre', 'delete role qa'] },
    { name: 'a train added', desired: edit((s) => (s.train = { ...TRAIN, freezes: [] })), changes: ['create train prod'] },
    {
      name: 'a webhook secret changed shows without its value',
      desired: edit((s) => (s.notifiers = [{ name: 'ops-hook', kind: 'webhook', url: 'https://hooks.example.com/b', secret: { value: 'other', secret: true }, events: ['vote.decided'] }])),
      changes: ['update notifier ops-hook url,secret'],
    },
    {
      name: 'a notifier swapped for an email one',
      desired: edit((s) => (s.notifiers = [{ name: 'mail', kind: 'email', to: ['ops@example.com'], events: ['vote.decided'] }])),
      changes: ['create notifier mail', 'delete notifier ops-hook'],
    },
    {
      name: 'changes across kinds come in kind order',
      desired: edit((s) => {
        s.roles.sre = ['erin'];
        s.targets = [];
        s.rings.push({ name: 'onprem', description: '', gates: [], rollout: DEFAULT_ROLLOUT });
        s.description = 'x';
      }),
      changes: ['update product maya-online description', 'create ring onprem', 'delete target dev-cluster', 'create role sre'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const changes = planChanges(base, c.desired);
      assert.deepEqual(changes.map((x) => `${x.action} ${x.kind} ${x.name}${x.fields.length > 0 ? ` ${x.fields.join(',')}` : ''}`), c.changes);
    });
  }

  it('never puts a secret value in a change', () => {
    const changes = JSON.stringify(planChanges(base, edit((s) => ((s.targets[0] as TargetSpec).config.SMTP_PASSWORD = { value: 'new-secret', secret: true }))));
    assert.ok(!changes.includes('old-secret') && !changes.includes('new-secret'));
  });

  it('plans nothing for an unchanged product', () => {
    fc.assert(fc.property(productSpecArb, (spec) => assert.deepEqual(planChanges(structuredClone(spec), spec), [])));
  });

  it('creates one entity per component, ring, target, role, train and notifier from nothing', () => {
    fc.assert(
      fc.property(productSpecArb, (spec) => {
        const changes = planChanges(null, spec);
        const people = (spec.train === null ? 0 : 1) + spec.notifiers.length;
        assert.equal(changes.length, 1 + spec.components.length + spec.rings.length + spec.targets.length + Object.keys(spec.roles).length + people);
        assert.ok(changes.every((c) => c.action === 'create' && c.fields.length === 0));
      }),
    );
  });

  it('plans nothing exactly when the specs are equal, and each entity at most once', () => {
    fc.assert(
      fc.property(productSpecArb, productSpecArb, (a, b) => {
        const changes = planChanges(a, { ...b, name: a.name });
        assert.equal(changes.length === 0, isDeepStrictEqual(a, { ...b, name: a.name }));
        const keys = changes.map((c) => `${c.kind}/${c.name}`);
        assert.equal(new Set(keys).size, keys.length);
        assert.ok(changes.every((c) => (c.action === 'update') === (c.fields.length > 0)));
      }),
    );
  });

  it('plans nothing exactly when the specs are equal, for small edits of one spec', () => {
    const edited = productSpecArb.chain((spec) =>
      fc.tuple(
        fc.constant(spec),
        fc.constantFrom<((s: ProductSpec) => void)>(
          () => {},
          (s) => s.components.reverse(),
          (s) => s.rings.reverse(),
          (s) => s.targets.reverse(),
          (s) => s.targets.pop(),
          (s) => { if (s.targets[0]) s.targets[0].users += 1; },
          (s) => { if (s.targets[0]) s.targets[0].config.NEW_KEY = { value: 'v', secret: true }; },
          (s) => { s.roles.viewer = ['zed']; },
        ),
      ).map(([s, change]) => {
        const copy = structuredClone(s);
        change(copy);
        return [s, copy] as const;
      }),
    );
    fc.assert(fc.property(edited, ([a, b]) => assert.equal(planChanges(a, b).length === 0, isDeepStrictEqual(a, b))));
  });
});
