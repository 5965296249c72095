import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DEPLOY, DEFAULT_ROLLOUT, type ProductSpec } from '../product-spec.ts';
import { formatProductFileError, parseProductFile } from './parse-product-file.ts';

function parseOk(text: string): ProductSpec {
  const result = parseProductFile(text, 'product.yaml');
  if (!result.ok) assert.fail(result.errors.map(formatProductFileError).join('\n'));
  return result.spec;
}

const MINIMAL = `
product: shop
components:
  - name: api
rings:
  - name: dev
`;

describe('parseProductFile: good files', () => {
  it('fills every default of a minimal file', () => {
    assert.deepEqual(parseOk(MINIMAL), {
      name: 'shop',
      description: '',
      components: [{ name: 'api', description: '', dependsOn: [], metadata: {} }],
      rings: [{ name: 'dev', description: '', gates: [], rollout: DEFAULT_ROLLOUT }],
      targets: [],
      roles: {},
      train: null,
      notifiers: [],
    });
  });

  it('gives the same spec for defaults written out, other key order, flow style and empty optional fields', () => {
    const explicit = `
roles: { qa: [] }
targets: []
rings:
  - rollout: { unreachable: block, autoRollback: false, autoPromote: false, haltOnFailures: 1, pause: 0s, waves: [100%] }
    gates: []
    description: ""
    name: dev
components: [{ metadata: {}, dependsOn: [], description: "", name: api }]
description:
product: shop
`;
    assert.deepEqual(parseOk(explicit), parseOk(MINIMAL));
  });

  it('normalises order that carries no meaning', () => {
    const a = parseOk(`
product: shop
components:
  - { name: api, dependsOn: [db, cache] }
  - { name: db }
  - { name: cache }
rings:
  - name: prod
    gates:
      - vote: { roles: [sre, qa], veto: [sre, qa] }
      - approval: { role: sre }
      - soak: 1h
      - approval: { role: qa }
roles: { sre: [erin, dave], qa: [carol] }
`);
    assert.deepEqual(a.components[0]?.dependsOn, ['cache', 'db']);
    assert.deepEqual(a.rings[0]?.gates, [
      { kind: 'soak', seconds: 3600 },
      { kind: 'approval', role: 'qa', count: 1 },
      { kind: 'approval', role: 'sre', count: 1 },
      { kind: 'vote', roles: ['qa', 'sre'], veto: ['qa', 'sre'], quorum: 2, deadlineSeconds: null },
    ]);
    assert.deepEqual(a.roles, { qa: ['carol'], sre: ['dave', 'erin'] });
    assert.deepEqual(Object.keys(a.roles), ['qa', 'sre']);
  });

  it('reads every kind of gate and a full rollout', () => {
    const spec = parseOk(`
product: shop
components: [{ name: api }]
rings:
  - name: prod
    gates:
      - quality: { testsFailed: 2, coverageMin: 72.5, criticalVulns: 0, highVulns: 5, mediumVulns: 10, lowVulns: 20, requiredStages: [unit-tests, build] }
      - soak: 1d2h3m4s
      - approval: { role: qa, count: 2 }
      - blessed: true
      - window: { cron: "0 17 * * 1-5", timezone: Asia/Kolkata, duration: 1h, freezes: [{ from: "2026-12-24T05:30:00+05:30", to: 2027-01-02T00:00:00Z, reason: year end }] }
      - vote: { roles: [module-lead, sre, qa, product], veto: [qa, sre], quorum: 3, deadline: 45m }
    rollout: { waves: [1, 10, 50], pause: 10m, haltOnFailures: 2, autoPromote: true, autoRollback: true, unreachable: skip }
`);
    assert.deepEqual(spec.rings[0], {
      name: 'prod',
      description: '',
      gates: [
        { kind: 'quality', testsFailedMax: 2, coverageMin: 72.5, vulnerabilitiesMax: { critical: 0, high: 5, medium: 10, low: 20 }, requiredStages: ['build', 'unit-tests'] },
        { kind: 'soak', seconds: 93_784 },
        { kind: 'approval', role: 'qa', count: 2 },
        { kind: 'blessed' },
        { kind: 'window', window: { cron: '0 17 * * 1-5', timezone: 'Asia/Kolkata', durationSeconds: 3600 }, freezes: [{ from: '2026-12-24T00:00:00.000Z', to: '2027-01-02T00:00:00.000Z', reason: 'year end' }] },
        { kind: 'vote', roles: ['module-lead', 'product', 'qa', 'sre'], veto: ['qa', 'sre'], quorum: 3, deadlineSeconds: 2700 },
      ],
      rollout: { waves: [{ count: 1 }, { count: 10 }, { count: 50 }], pauseSeconds: 600, haltOnFailures: 2, autoPromote: true, autoRollback: true, unreachable: 'skip' },
    });
  });

  it('reads targets with their defaults, config as written and secrets', () => {
    const spec = parseOk(`
product: shop
components: [{ name: api }]
rings: [{ name: dev }, { name: onprem }]
targets:
  - name: dev-cluster
    ring: dev
    deploy: { command: ./deploy.sh }
    config:
      VERSION: 1.10
      DEBUG: true
      PORT: 08080
      NAME: plain
      EMPTY: ""
      SMTP_PASSWORD: { secret: "s3cr3t" }
    labels: { region: eu, tier: 1 }
  - name: acme
    ring: onprem
    users: 1200
    hosting: on-prem
    delivery: pull
    maintenanceWindow: { cron: "0 2 * * 0", timezone: America/Chicago, duration: 2h }
`);
    assert.deepEqual(spec.targets, [
      {
        name: 'dev-cluster', ring: 'dev', users: 0, hosting: 'internal', delivery: 'push', maintenanceWindow: null,
        deploy: { ...DEFAULT_DEPLOY, command: './deploy.sh' },
        config: {
          DEBUG: { value: 'true', secret: false },
          EMPTY: { value: '', secret: false },
          NAME: { value: 'plain', secret: false },
          PORT: { value: '08080', secret: false },
          SMTP_PASSWORD: { value: 's3cr3t', secret: true },
          VERSION: { value: '1.10', secret: false },
        },
        labels: { region: 'eu', tier: '1' },
      },
      {
        name: 'acme', ring: 'onprem', users: 1200, hosting: 'on-prem', delivery: 'pull',
        maintenanceWindow: { cron: '0 2 * * 0', timezone: 'America/Chicago', durationSeconds: 7200 },
        deploy: DEFAULT_DEPLOY, config: {}, labels: {},
      },
    ]);
    assert.deepEqual(Object.keys(spec.targets[0]?.config ?? {}), ['DEBUG', 'EMPTY', 'NAME', 'PORT', 'SMTP_PASSWORD', 'VERSION']);
  });

  it('reads checklists with the daily train defaults, a train and notifiers', () => {
    const spec = parseOk(`
product: shop
components: [{ name: api }]
rings:
  - name: dev
  - name: production
    gates:
      - checklist:
          roles: [qa, module-lead, product]
          items:
            product: [Customers told of the change, { id: pricing, text: Pricing page updated, required: false, evidence: required }]
train:
  ring: production
  timezone: Asia/Kolkata
  cut: "0 15 * * 1-5"
  vote: "0 16 * * 1-5"
  deploy: "0 17 * * 1-5"
  freezes: [{ from: "2026-12-24T00:00:00Z", to: "2027-01-02T00:00:00Z", reason: year end }]
notify:
  - name: ops-hook
    webhook: { url: "https://hooks.example.com/rm", secret: { secret: s3cret } }
    events: [vote.decided, rollout.*]
  - name: release-mail
    email: { to: [ops@example.com] }
`);
    const gate = spec.rings[1]?.gates[0];
    assert.equal(gate?.kind, 'checklist');
    if (gate?.kind !== 'checklist') return;
    assert.deepEqual(gate.roles, ['module-lead', 'product', 'qa']);
    assert.deepEqual(gate.items.qa?.map((i) => [i.id, i.evidence]), [['automation-passed', 'optional'], ['sanity-owner', 'optional'], ['load-test-report', 'required']]);
    assert.deepEqual(gate.items['module-lead']?.map((i) => i.id), ['unit-tests', 'change-descriptions', 'version-bump']);
    assert.deepEqual(gate.items.product, [
      { id: 'customers-told-of-the-change', text: 'Customers told of the change', required: true, evidence: 'optional' },
      { id: 'pricing', text: 'Pricing page updated', required: false, evidence: 'required' },
    ]);
    assert.deepEqual(spec.train, {
      ring: 'production', timezone: 'Asia/Kolkata', cut: '0 15 * * 1-5', vote: '0 16 * * 1-5', deploy: '0 17 * * 1-5',
      bump: 'minor', branch: 'main', graceSeconds: 3600,
      freezes: [{ from: '2026-12-24T00:00:00.000Z', to: '2027-01-02T00:00:00.000Z', reason: 'year end' }],
    });
    assert.deepEqual(spec.notifiers, [
      { name: 'ops-hook', kind: 'webhook', url: 'https://hooks.example.com/rm', secret: { value: 's3cret', secret: true }, events: ['rollout.*', 'vote.decided'] },
      { name: 'release-mail', kind: 'email', to: ['ops@example.com'], events: ['release.scheduled', 'vote.opened', 'vote.decided', 'window.opened', 'window.closed', 'train.stopped'] },
    ]);
  });

  it('keeps component metadata as plain data', () => {
    const spec = parseOk(`
product: shop
components:
  - name: api
    metadata: { migrations: [001-init.sql, { file: 002.sql, online: true }], "__proto__": 1, retries: 3, note: null }
rings: [{ name: dev }]
`);
    const metadata = spec.components[0]?.metadata ?? {};
    assert.deepEqual(metadata, JSON.parse('{"migrations": ["001-init.sql", {"file": "002.sql", "online": true}], "__proto__": 1, "retries": 3, "note": null}'));
    assert.equal(Object.getPrototypeOf(metadata), Object.prototype);
  });

  it('treats YAML 1.1 booleans and dates as strings, whatever the %YAML directive', () => {
    const spec = parseOk(`%YAML 1.1
---
product: shop
description: yes
components: [{ name: api, metadata: { on: 2026-01-01 } }]
rings: [{ name: dev }]
`);
    assert.equal(spec.description, 'yes');
    assert.deepEqual(spec.components[0]?.metadata, { on: '2026-01-01' });
  });

  it('reads a file with a byte order mark and Windows line endings', () => {
    assert.deepEqual(parseOk(`\uFEFF${MINIMAL.replaceAll('\n', '\r\n')}`), parseOk(MINIMAL));
  });
});
