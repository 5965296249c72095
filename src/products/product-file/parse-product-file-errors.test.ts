import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProductFileError, parseProductFile } from './parse-product-file.ts';

/** A valid head (4 lines) to which each case adds its rings and more, from line 5 on. */
const HEAD = 'product: shop\ncomponents:\n  - name: api\n  - name: web\n';
const RING = 'rings:\n  - name: dev\n';

interface BadCase {
  name: string;
  text: string;
  line: number;
  column?: number;
  field: string;
  message: string;
}

const cases: BadCase[] = [
  // the document
  { name: 'an empty file', text: '', line: 1, field: '(root)', message: 'the file is empty' },
  { name: 'only a comment', text: '# nothing\n', line: 1, field: '(root)', message: 'the file is empty' },
  { name: 'a scalar', text: '\n\nhello', line: 3, field: '(root)', message: 'got a string' },
  { name: 'a list', text: '- product: shop\n', line: 1, field: '(root)', message: 'got a list' },
  { name: 'a syntax error', text: 'product: shop\ncomponents: [api\nrings: x\n', line: 3, field: '(root)', message: 'invalid YAML' },
  { name: 'a duplicate key', text: `${HEAD}${RING}product: other\n`, line: 7, column: 1, field: '(root)', message: "duplicate key 'product'" },
  { name: 'two documents', text: `${HEAD}${RING}---\nproduct: other\n`, line: 7, field: '(root)', message: 'more than one YAML document' },
  { name: 'an alias', text: `${HEAD}rings:\n  - &dev { name: dev }\n  - *dev\n`, line: 7, column: 5, field: '(root)', message: 'aliases (*dev) are not supported' },
  { name: 'a custom tag', text: `${HEAD}${RING}description: !secret x\n`, line: 7, field: '(root)', message: 'tags' },
  { name: 'an unknown top-level key', text: `${HEAD}${RING}ring: []\n`, line: 7, column: 1, field: 'ring', message: "unknown field 'ring' (did you mean 'rings'?)" },
  { name: 'a missing product', text: 'components:\n  - name: api\nrings:\n  - name: dev\n', line: 1, field: 'product', message: "missing required field 'product'" },
  { name: 'an empty product name', text: `product:\ncomponents: [{ name: api }]\n${RING}`, line: 1, field: 'product', message: "'product' needs a value" },
  { name: 'a bad product name', text: `product: Shop_1\ncomponents: [{ name: api }]\n${RING}`, line: 1, column: 10, field: 'product', message: "'Shop_1' is not a valid name" },
  { name: 'a number as description', text: `${HEAD}${RING}description: 42\n`, line: 7, field: 'description', message: 'expected a string, got a number' },
  // components
  { name: 'no components', text: `product: shop\ncomponents: []\n${RING}`, line: 2, field: 'components', message: 'at least one component' },
  { name: 'components as a map', text: `product: shop\ncomponents:\n  api: {}\n${RING}`, line: 3, field: 'components', message: 'expected a list, got a map' },
  { name: 'a component without a name', text: `product: shop\ncomponents:\n  - description: x\n${RING}`, line: 3, field: 'components[0].name', message: "missing required field 'name'" },
  { name: 'a typo in a component key', text: `${HEAD}    dependOn: [api]\n${RING}`, line: 5, column: 5, field: 'components[1].dependOn', message: "unknown field 'dependOn' (did you mean 'dependsOn'?)" },
  { name: 'a duplicate component', text: `${HEAD}  - name: api\n${RING}`, line: 5, field: 'components[2].name', message: "component 'api' is defined twice" },
  { name: 'an unknown dependency', text: `${HEAD}    dependsOn: [api, wbe]\n${RING}`, line: 5, column: 22, field: 'components[1].dependsOn[1]', message: "unknown component 'wbe'" },
  { name: 'a dependency listed twice', text: `${HEAD}    dependsOn: [api, api]\n${RING}`, line: 5, field: 'components[1].dependsOn[1]', message: "'api' is listed twice" },
  { name: 'a self-dependency', text: `${HEAD}    dependsOn: [web]\n${RING}`, line: 5, field: 'components[1].dependsOn[0]', message: 'dependency cycle: web → web' },
  { name: 'metadata that is not a map', text: `${HEAD}    metadata: [a]\n${RING}`, line: 5, field: 'components[1].metadata', message: 'expected a map, got a list' },
  { name: 'metadata nested too deeply', text: `${HEAD}    metadata: ${'{a: '.repeat(40)}1${'}'.repeat(40)}\n${RING}`, line: 5, field: 'components[1].metadata' + '.a'.repeat(33), message: 'nested more than 32 levels deep' },
  // rings
  { name: 'no rings', text: `${HEAD}rings: []\n`, line: 5, field: 'rings', message: 'at least one ring' },
  { name: 'missing rings', text: HEAD, line: 1, field: 'rings', message: "missing required field 'rings'" },
  { name: 'a duplicate ring', text: `${HEAD}${RING}  - name: dev\n`, line: 7, field: 'rings[1].name', message: "ring 'dev' is defined twice" },
  { name: 'a gate with two keys', text: `${HEAD}${RING}    gates:\n      - { soak: 1h, blessed: true }\n`, line: 8, field: 'rings[0].gates[0]', message: 'each gate is a map with one key' },
  { name: 'a gate that is a string', text: `${HEAD}${RING}    gates: [blessed]\n`, line: 7, field: 'rings[0].gates[0]', message: 'each gate is a map with one key' },
  { name: 'an unknown gate', text: `${HEAD}${RING}    gates:\n      - soakk: 1h\n`, line: 8, column: 9, field: 'rings[0].gates[0].soakk', message: "unknown gate 'soakk' (did you mean 'soak'?)" },
  { name: 'a gate without a value', text: `${HEAD}${RING}    gates:\n      - soak:\n`, line: 8, field: 'rings[0].gates[0].soak', message: "gate 'soak' needs a value" },
  { name: 'a bad soak', text: `${HEAD}${RING}    gates:\n      - soak: 24\n`, line: 8, column: 15, field: 'rings[0].gates[0].soak', message: 'expected a duration' },
  { name: 'a zero soak', text: `${HEAD}${RING}    gates:\n      - soak: 0s\n`, line: 8, field: 'rings[0].gates[0].soak', message: 'longer than zero' },
  { name: 'units out of order', text: `${HEAD}${RING}    gates:\n      - soak: 30m1h\n`, line: 8, field: 'rings[0].gates[0].soak', message: "'30m1h' is not a duration" },
  { name: 'two soak gates', text: `${HEAD}${RING}    gates:\n      - soak: 1h\n      - soak: 2h\n`, line: 9, field: 'rings[0].gates[1].soak', message: 'at most one soak gate' },
  { name: 'two approvals by one role', text: `${HEAD}${RING}    gates:\n      - approval: { role: qa }\n      - approval: { role: qa, count: 2 }\n`, line: 9, field: 'rings[0].gates[1].approval', message: "at most one approval gate for role 'qa'" },
  { name: 'blessed: false', text: `${HEAD}${RING}    gates:\n      - blessed: false\n`, line: 8, field: 'rings[0].gates[0].blessed', message: 'omit the gate instead' },
  { name: 'blessed: yes', text: `${HEAD}${RING}    gates:\n      - blessed: yes\n`, line: 8, field: 'rings[0].gates[0].blessed', message: 'expected true or false, got a string' },
  { name: 'an unknown approval role', text: `${HEAD}${RING}    gates:\n      - approval: { role: qaa }\n`, line: 8, field: 'rings[0].gates[0].approval.role', message: "(did you mean 'qa'?)" },
  { name: 'an approval count of zero', text: `${HEAD}${RING}    gates:\n      - approval: { role: qa, count: 0 }\n`, line: 8, field: 'rings[0].gates[0].approval.count', message: 'at least 1' },
  { name: 'a negative tests threshold', text: `${HEAD}${RING}    gates:\n      - quality: { testsFailed: -1 }\n`, line: 8, field: 'rings[0].gates[0].quality.testsFailed', message: 'zero or more' },
  { name: 'coverage over 100', text: `${HEAD}${RING}    gates:\n      - quality: { coverageMin: 101 }\n`, line: 8, field: 'rings[0].gates[0].quality.coverageMin', message: 'between 0 and 100' },
  { name: 'a fractional vulnerability count', text: `${HEAD}${RING}    gates:\n      - quality: { highVulns: 1.5 }\n`, line: 8, field: 'rings[0].gates[0].quality.highVulns', message: 'expected an integer' },
  { name: 'a typo in quality', text: `${HEAD}${RING}    gates:\n      - quality:\n          critcalVulns: 0\n`, line: 9, field: 'rings[0].gates[0].quality.critcalVulns', message: "did you mean 'criticalVulns'?" },
  { name: 'a window without a time zone', text: `${HEAD}${RING}    gates:\n      - window:\n          cron: "0 17 * * 1-5"\n          duration: 1h\n`, line: 9, field: 'rings[0].gates[0].window.timezone', message: "missing required field 'timezone'" },
  { name: 'an unknown time zone', text: `${HEAD}${RING}    gates:\n      - window: { cron: "0 17 * * *", timezone: Mars/Olympus, duration: 1h }\n`, line: 8, field: 'rings[0].gates[0].window.timezone', message: "'Mars/Olympus' is not a known time zone" },
  { name: 'a bad cron', text: `${HEAD}${RING}    gates:\n      - window: { cron: "61 17 * * *", timezone: UTC, duration: 1h }\n`, line: 8, field: 'rings[0].gates[0].window.cron', message: 'invalid cron "61 17 * * *"' },
  { name: 'a six-field cron', text: `${HEAD}${RING}    gates:\n      - window: { cron: "0 0 17 * * *", timezone: UTC, duration: 1h }\n`, line: 8, field: 'rings[0].gates[0].window.cron', message: 'five fields' },
  { name: 'a date instead of a cron', text: `${HEAD}${RING}    gates:\n      - window: { cron: "2026-01-01T00:00:00", timezone: UTC, duration: 1h }\n`, line: 8, field: 'rings[0].gates[0].window.cron', message: 'five fields' },
  { name: 'a cron that never matches', text: `${HEAD}${RING}    gates:\n      - window: { cron: "0 0 30 2 *", timezone: UTC, duration: 1h }\n`, line: 8, field: 'rings[0].gates[0].window.cron', message: 'never matches' },
  { name: 'a freeze ending before it starts', text: `${HEAD}${RING}    gates:\n      - window:\n          cron: "0 17 * * *"\n          timezone: UTC\n          duration: 1h\n          freezes:\n            - from: 2026-12-24T00:00:00Z\n              to: 2026-12-20T00:00:00Z\n`, line: 14, field: 'rings[0].gates[0].window.freezes[0].to', message: "later than 'from'" },
  { name: 'a freeze without a time zone', text: `${HEAD}${RING}    gates:\n      - window: { cron: "0 17 * * *", timezone: UTC, duration: 1h, freezes: [{ from: 2026-12-24, to: 2026-12-26T00:00:00Z }] }\n`, line: 8, field: 'rings[0].gates[0].window.freezes[0].from', message: 'ISO-8601 with a time zone' },
  { name: 'a vote without roles', text: `${HEAD}${RING}    gates:\n      - vote: { roles: [] }\n`, line: 8, field: 'rings[0].gates[0].vote.roles', message: 'at least one role' },
  { name: 'a veto outside the voters', text: `${HEAD}${RING}    gates:\n      - vote:\n          roles: [sre, qa]\n          veto: [product]\n`, line: 10, field: 'rings[0].gates[0].vote.veto[0]', message: "veto role 'product' is not one of the voting roles" },
  { name: 'a quorum above the voters', text: `${HEAD}${RING}    gates:\n      - vote: { roles: [sre, qa], quorum: 3 }\n`, line: 8, field: 'rings[0].gates[0].vote.quorum', message: 'between 1 and 2' },
  { name: 'an unknown voting role', text: `${HEAD}${RING}    gates:\n      - vote: { roles: [sre, ops] }\n`, line: 8, field: 'rings[0].gates[0].vote.roles[1]', message: "unknown role 'ops'" },
  // checklists
  { name: 'a checklist role without defaults or items', text: `${HEAD}${RING}    gates:\n      - checklist: { roles: [qa, product] }\n`, line: 8, field: 'rings[0].gates[0].checklist.roles[1]', message: "role 'product' has no default checklist: list its items under items.product" },
  { name: 'checklist items for a role outside it', text: `${HEAD}${RING}    gates:\n      - checklist:\n          roles: [qa]\n          items: { sre: [Paged] }\n`, line: 10, field: 'rings[0].gates[0].checklist.items.sre', message: "'sre' is not one of the checklist's roles (qa)" },
  { name: 'a checklist item twice', text: `${HEAD}${RING}    gates:\n      - checklist:\n          roles: [qa]\n          items: { qa: [Smoke test, smoke test] }\n`, line: 10, field: 'rings[0].gates[0].checklist.items.qa[1]', message: "item id 'smoke-test' is listed twice" },
  { name: 'a checklist item with a bad evidence rule', text: `${HEAD}${RING}    gates:\n      - checklist:\n          roles: [qa]\n          items: { qa: [{ text: Smoke, evidence: always }] }\n`, line: 10, field: 'rings[0].gates[0].checklist.items.qa[0].evidence', message: "'always' is not one of 'optional' or 'required'" },
  // train
  { name: 'a train to an unknown ring', text: `${HEAD}${RING}train: { ring: prod, timezone: UTC, cut: "0 15 * * *", vote: "0 16 * * *", deploy: "0 17 * * *" }\n`, line: 7, field: 'train.ring', message: "no ring 'prod'" },
  { name: 'a train in an unknown zone', text: `${HEAD}${RING}train: { ring: dev, timezone: India/Delhi, cut: "0 15 * * *", vote: "0 16 * * *", deploy: "0 17 * * *" }\n`, line: 7, field: 'train.timezone', message: "'India/Delhi' is not a known time zone" },
  { name: 'a train without a deploy time', text: `${HEAD}${RING}train: { ring: dev, timezone: UTC, cut: "0 15 * * *", vote: "0 16 * * *" }\n`, line: 7, field: 'train.deploy', message: "missing required field 'deploy'" },
  { name: 'a train with a bad cron', text: `${HEAD}${RING}train: { ring: dev, timezone: UTC, cut: "0 25 * * *", vote: "0 16 * * *", deploy: "0 17 * * *" }\n`, line: 7, field: 'train.cut', message: 'invalid cron "0 25 * * *"' },
  { name: 'a train bumping sideways', text: `${HEAD}${RING}train: { ring: dev, timezone: UTC, cut: "0 15 * * *", vote: "0 16 * * *", deploy: "0 17 * * *", bump: sideways }\n`, line: 7, field: 'train.bump', message: "'sideways' is not one of 'major', 'minor' or 'patch'" },
  // notifiers
  { name: 'a notifier both webhook and email', text: `${HEAD}${RING}notify:\n  - { name: ops, webhook: { url: "https://h.example.com" }, email: { to: [a@example.com] } }\n`, line: 8, field: 'notify[0]', message: 'either a webhook or an email' },
  { name: 'a webhook with a file URL', text: `${HEAD}${RING}notify:\n  - { name: ops, webhook: { url: "file:///etc/passwd" } }\n`, line: 8, field: 'notify[0].webhook.url', message: 'a webhook URL is http or https, got file' },
  { name: 'a webhook URL with a password', text: `${HEAD}${RING}notify:\n  - { name: ops, webhook: { url: "https://u:p@h.example.com" } }\n`, line: 8, field: 'notify[0].webhook.url', message: 'put no user or password in a webhook URL' },
  { name: 'an email to nobody valid', text: `${HEAD}${RING}notify:\n  - { name: mail, email: { to: [ops] } }\n`, line: 8, field: 'notify[0].email.to[0]', message: "'ops' is not an email address" },
  { name: 'a notifier for a bad event type', text: `${HEAD}${RING}notify:\n  - { name: mail, email: { to: [a@example.com] }, events: ["Vote Decided"] }\n`, line: 8, field: 'notify[0].events[0]', message: "'Vote Decided' is not an event type or prefix" },
  { name: 'two notifiers of one name', text: `${HEAD}${RING}notify:\n  - { name: mail, email: { to: [a@example.com] } }\n  - { name: mail, email: { to: [b@example.com] } }\n`, line: 9, field: 'notify[1]', message: "notifier name 'mail' is used twice" },
  // rollout
  { name: 'mixed waves', text: `${HEAD}${RING}    rollout: { waves: [5%, 10] }\n`, line: 7, field: 'rings[0].rollout.waves[1]', message: 'mixed' },
  { name: 'decreasing waves', text: `${HEAD}${RING}    rollout: { waves: [50%, 25%, 100%] }\n`, line: 7, field: 'rings[0].rollout.waves[1]', message: 'strictly increasing' },
  { name: 'waves not ending at 100%', text: `${HEAD}${RING}    rollout:\n      waves:\n        - 5%\n        - 50%\n`, line: 10, field: 'rings[0].rollout.waves[1]', message: "last wave must be '100%'" },
  { name: 'a wave over 100%', text: `${HEAD}${RING}    rollout: { waves: [150%] }\n`, line: 7, field: 'rings[0].rollout.waves[0]', message: 'at most 100%' },
  { name: 'a zero wave', text: `${HEAD}${RING}    rollout: { waves: [0, 5] }\n`, line: 7, field: 'rings[0].rollout.waves[0]', message: 'at least 1' },
  { name: 'a wave that is not a wave', text: `${HEAD}${RING}    rollout: { waves: [half] }\n`, line: 7, field: 'rings[0].rollout.waves[0]', message: "'half' is not a wave" },
  { name: 'no waves', text: `${HEAD}${RING}    rollout: { waves: [] }\n`, line: 7, field: 'rings[0].rollout.waves', message: 'at least one wave' },
  { name: 'a bad unreachable', text: `${HEAD}${RING}    rollout: { unreachable: wait }\n`, line: 7, field: 'rings[0].rollout.unreachable', message: "'wait' is not one of 'block' or 'skip'" },
  { name: 'haltOnFailures of zero', text: `${HEAD}${RING}    rollout: { haltOnFailures: 0 }\n`, line: 7, field: 'rings[0].rollout.haltOnFailures', message: 'at least 1' },
  { name: 'a typo in rollout', text: `${HEAD}${RING}    rollout: { autoRolback: true }\n`, line: 7, field: 'rings[0].rollout.autoRolback', message: "did you mean 'autoRollback'?" },
  // targets
  { name: 'a target in an unknown ring', text: `${HEAD}${RING}targets:\n  - { name: t1, ring: prod, delivery: pull }\n`, line: 8, field: 'targets[0].ring', message: "unknown ring 'prod'" },
  { name: 'a push target without a command', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n`, line: 8, field: 'targets[0].deploy.command', message: 'push targets need deploy.command' },
  { name: 'a push target with an empty deploy', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    deploy: { verify: ./v.sh }\n`, line: 10, field: 'targets[0].deploy.command', message: 'push targets need deploy.command' },
  { name: 'a duplicate target', text: `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull }\n  - { name: t1, ring: dev, delivery: pull }\n`, line: 9, field: 'targets[1].name', message: "target 't1' is defined twice" },
  { name: 'negative users', text: `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, users: -5 }\n`, line: 8, field: 'targets[0].users', message: 'zero or more' },
  { name: 'an unknown hosting', text: `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, hosting: onprem }\n`, line: 8, field: 'targets[0].hosting', message: "did you mean 'on-prem'?" },
  { name: 'an unknown delivery', text: `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: poll }\n`, line: 8, field: 'targets[0].delivery', message: "'poll' is not one of 'push' or 'pull'" },
  { name: 'a bad deploy timeout', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    deploy: { command: ./d.sh, timeout: soon }\n`, line: 10, field: 'targets[0].deploy.timeout', message: "'soon' is not a duration" },
  { name: 'a maintenance window with freezes', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    maintenanceWindow: { cron: "0 2 * * 0", timezone: UTC, duration: 2h, freezes: [] }\n`, line: 11, field: 'targets[0].maintenanceWindow.freezes', message: "unknown field 'freezes'" },
  { name: 'a bad variable name', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    config:\n      log-level: info\n`, line: 12, field: 'targets[0].config.log-level', message: 'not a valid variable name' },
  { name: 'a config value that is a list', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    config:\n      HOSTS: [a, b]\n`, line: 12, field: 'targets[0].config.HOSTS', message: 'expected a string, number, boolean or { secret: ... }' },
  { name: 'an empty config value', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    config:\n      HOST:\n`, line: 12, field: 'targets[0].config.HOST', message: 'needs a value' },
  { name: 'a typo in a secret', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    config:\n      PASSWORD: { secert: x }\n`, line: 12, field: 'targets[0].config.PASSWORD.secert', message: "did you mean 'secret'?" },
  { name: 'a label that is a map', text: `${HEAD}${RING}targets:\n  - name: t1\n    ring: dev\n    delivery: pull\n    labels: { region: { a: 1 } }\n`, line: 11, field: 'targets[0].labels.region', message: 'expected a string, got a map' },
  // roles
  { name: 'an unknown role', text: `${HEAD}${RING}roles:\n  qa: [carol]\n  sres: [dave]\n`, line: 9, field: 'roles.sres', message: "unknown role 'sres' (did you mean 'sre'?)" },
  { name: 'a user listed twice', text: `${HEAD}${RING}roles:\n  qa: [carol, carol]\n`, line: 8, field: 'roles.qa[1]', message: "'carol' is listed twice" },
  { name: 'a user name with a space', text: `${HEAD}${RING}roles:\n  qa: [carol smith]\n`, line: 8, field: 'roles.qa[0]', message: 'not a valid user name' },
  { name: 'roles as a list', text: `${HEAD}${RING}roles: [qa]\n`, line: 7, field: 'roles', message: 'expected a map, got a list' },
];

describe('parseProductFile: bad files', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseProductFile(c.text, 'shop.yaml');
      assert.equal(result.ok, false, 'should be rejected');
      if (result.ok) return;
      const match = result.errors.find((e) => e.field === c.field && e.message.includes(c.message));
      assert.ok(match, `no error at ${c.field} with "${c.message}"; got:\n${result.errors.map(formatProductFileError).join('\n')}`);
      assert.equal(match.line, c.line, formatProductFileError(match));
      if (c.column !== undefined) assert.equal(match.column, c.column, formatProductFileError(match));
      assert.equal(match.file, 'shop.yaml');
    });
  }

  it('reports every problem of a file at once, in file order', () => {
    const result = parseProductFile(`${HEAD}    dependOn: [api]\nrings:\n  - name: Dev\n  - name: prod\n    gates: [{ soak: forever }]\ntargets: [{ name: t1, ring: prdo, delivery: pull }]\n`, 'shop.yaml');
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => `${e.line} ${e.field}`), ['5 components[1].dependOn', '7 rings[0].name', '9 rings[1].gates[0].soak', '10 targets[0].ring']);
  });

  it('formats an error as file:line:column field: message', () => {
    assert.equal(formatProductFileError({ file: 'a.yaml', line: 3, column: 7, field: 'rings[0].name', message: 'bad' }), 'a.yaml:3:7 rings[0].name: bad');
  });

  it('never shows a configuration value in an error', () => {
    const secret = 'hunter2-value';
    const files = [
      `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, config: { lower: ${secret} } }\n`,
      `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, config: { PASSWORD: { secret: [${secret}] } } }\n`,
      `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, config: { PASSWORD: { secret: ${secret}, extra: 1 } } }\n`,
      `${HEAD}${RING}targets:\n  - { name: t1, ring: dev, delivery: pull, config: { PASSWORD: { secret: "${secret} } } }\n`,
      `${HEAD}${RING}targets:\n  - name: t1\n    config:\n      PASSWORD: { secret: ${secret} }\n      PASSWORD: { secret: ${secret} }\n`,
      `${HEAD}${RING}notify:\n  - { name: hook, webhook: { url: "ftp://h.example.com", secret: { secret: ${secret} } } }\n`,
      `${HEAD}${RING}notify:\n  - { name: hook, webhook: { url: "https://h.example.com", secret: { secret: [${secret}] } } }\n`,
    ];
    for (const file of files) {
      const result = parseProductFile(file, 'shop.yaml');
      assert.ok(!result.ok);
      for (const e of result.errors) assert.ok(!formatProductFileError(e).includes('hunter2'), formatProductFileError(e));
    }
  });

  it('caps the number of errors', () => {
    const targets = Array.from({ length: 300 }, (_, i) => `  - { name: t${i}, ring: nowhere, delivery: pull }`).join('\n');
    const result = parseProductFile(`${HEAD}${RING}targets:\n${targets}\n`, 'shop.yaml');
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 101);
    assert.match(result.errors[100]?.message ?? '', /^200 more errors not shown$/);
  });
});
