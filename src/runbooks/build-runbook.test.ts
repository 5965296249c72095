import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToHtml } from '../release-notes/markdown-html.ts';
import { buildRunbook, envOf, type RunbookInput, textList } from './build-runbook.ts';
import { renderRunbook } from './render-runbook.ts';

const DB = {
  name: 'db',
  description: 'Orders database.',
  dependsOn: [],
  metadata: {
    deploy: 'Run ./db/deploy.sh',
    rollback: ['Restore the backup', 'Run ./db/deploy.sh with the old version'],
    migrations: ['0041_orders.sql', '0042_index.sql'],
    prerequisites: ['A backup younger than an hour'],
    env: { DB_URL: 'where the database is', POOL_SIZE: 'connections', TIMEOUT: 'seconds' },
    runbook: 'Watch the replication lag.',
  },
};
const API = { name: 'api', description: '', dependsOn: ['db'], metadata: { env: ['API_KEY', 'FEATURE_X'] } };

const INPUT: RunbookInput = {
  product: 'shop',
  version: '2.4.0',
  ring: 'production',
  previous: {
    version: '2.3.0',
    components: [
      { name: 'db', metadata: { env: { DB_URL: 'where the database is', POOL_SIZE: 'pool', LEGACY_MODE: 'old flag' } } },
      { name: 'api', metadata: { env: ['API_KEY'] } },
      { name: 'mailer', metadata: { env: ['SMTP_HOST'] } },
    ],
    builds: [{ component: 'db', version: '1.0.0' }, { component: 'api', version: '1.3.0' }, { component: 'mailer', version: '0.9.0' }],
  },
  components: [DB, API, { name: 'web', description: '', dependsOn: ['api'], metadata: { env: 'PUBLIC_URL' } }],
  builds: [
    { component: 'db', version: '1.0.0', artifact: 'db-1-0-0-abc1234', artifacts: { image: 'reg/db:1.0.0' }, commit: 'abc1234', branch: 'main' },
    { component: 'api', version: '1.4.0', artifact: 'api-1-4-0-def5678' },
    { component: 'web', version: '2.0.0', artifact: 'web-2-0-0-0123456' },
  ],
  commands: { deploy: ['./deploy.sh'], rollback: [] },
  additions: 'Tell support at 16:30.',
};

describe('building a runbook', () => {
  const book = buildRunbook(INPUT);
  const byName = Object.fromEntries(book.components.map((c) => [c.name, c]));

  it('keeps the deploy order and the versions before and after', () => {
    assert.deepEqual(book.components.map((c) => [c.name, c.previous, c.version]), [['db', '1.0.0', '1.0.0'], ['api', '1.3.0', '1.4.0'], ['web', null, '2.0.0']]);
    assert.equal(book.against, '2.3.0');
  });

  it("reads each component's steps, migrations, prerequisites and notes from its metadata", () => {
    assert.deepEqual(byName['db']!.deploy, { steps: ['Run ./db/deploy.sh'], fallback: false });
    assert.deepEqual(byName['db']!.rollback, { steps: ['Restore the backup', 'Run ./db/deploy.sh with the old version'], fallback: false });
    assert.deepEqual(byName['db']!.migrations, ['0041_orders.sql', '0042_index.sql']);
    assert.deepEqual(byName['db']!.prerequisites, ['A backup younger than an hour']);
    assert.equal(byName['db']!.notes, 'Watch the replication lag.');
  });

  it("falls back to the targets' commands, or to a redeploy, when a component names no steps", () => {
    assert.deepEqual(byName['api']!.deploy, { steps: ['./deploy.sh'], fallback: true });
    assert.deepEqual(byName['api']!.rollback, { steps: [], fallback: true });
  });

  it('marks environment variables added, changed and removed since the release before in the ring', () => {
    assert.deepEqual(byName['db']!.env.map((v) => [v.name, v.change]), [['DB_URL', null], ['POOL_SIZE', 'changed'], ['TIMEOUT', 'added']]);
    assert.deepEqual(byName['db']!.removedEnv.map((v) => v.name), ['LEGACY_MODE']);
    assert.deepEqual(byName['api']!.env.map((v) => [v.name, v.change]), [['API_KEY', null], ['FEATURE_X', 'added']]);
    assert.deepEqual(byName['web']!.env.map((v) => [v.name, v.change]), [['PUBLIC_URL', 'added']], 'a component new since then brings its variables');
    assert.deepEqual(book.envChanges.map((v) => `${v.component} ${v.name} ${v.change}`), [
      'db POOL_SIZE changed',
      'db TIMEOUT added',
      'db LEGACY_MODE removed',
      'api FEATURE_X added',
      'web PUBLIC_URL added',
      'mailer SMTP_HOST removed',
    ]);
    assert.equal(book.envBaseline, null);
  });

  it('marks nothing when there is nothing to compare with, and says why', () => {
    const first = buildRunbook({ ...INPUT, previous: null });
    assert.equal(first.envBaseline, 'no earlier release reached production');
    assert.deepEqual(first.envChanges, []);
    assert.ok(first.components.every((c) => c.env.every((v) => v.change === null) && c.previous === null));
    const old = buildRunbook({ ...INPUT, previous: { ...INPUT.previous!, components: null } });
    assert.equal(old.envBaseline, '2.3.0 was cut before releases recorded their component metadata');
    assert.deepEqual(old.envChanges, []);
  });

  it('takes metadata however it was written, without dropping any of it', () => {
    const cases: [unknown, string[]][] = [[undefined, []], [null, []], ['one', ['one']], [['a', 2, true, { x: 1 }], ['a', '2', 'true', '{"x":1}']], [{ k: 'v' }, ['{"k":"v"}']], [['', '  '], []]];
    for (const [value, want] of cases) assert.deepEqual(textList(value), want, JSON.stringify(value));
    assert.deepEqual(envOf(['A', 'A', { name: 'B', description: 'bee' }, 3]), [{ name: 'A', description: '' }, { name: 'B', description: 'bee' }, { name: '3', description: '' }]);
    assert.deepEqual(envOf({ A: null, B: 7 }), [{ name: 'A', description: '' }, { name: 'B', description: '7' }]);
    assert.deepEqual(envOf('ONE'), [{ name: 'ONE', description: '' }]);
  });

  it('keeps release-specific additions, and drops empty ones', () => {
    assert.equal(book.additions, 'Tell support at 16:30.');
    assert.equal(buildRunbook({ ...INPUT, additions: '  \n' }).additions, null);
  });
});

describe('a runbook as Markdown and HTML', () => {
  const markdown = renderRunbook(buildRunbook(INPUT));

  it('gives the deploy order, then what changed, then each component, then the release-specific steps', () => {
    const order = ['# Runbook: shop 2.4.0', '## Deploy order', '## Environment variables that changed', '## 1. db 1.0.0 (unchanged)', '## 2. api 1.4.0 (was 1.3.0)', '## 3. web 2.0.0 (new since 2.3.0)', '## Release-specific steps'].map((h) => markdown.indexOf(h));
    assert.ok(order.every((at) => at >= 0), markdown);
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.match(markdown, /\| 1 \| db \| 1\.0\.0 \| 1\.0\.0 \| db-1-0-0-abc1234 \| — \|\n\| 2 \| api \| 1\.4\.0 \| 1\.3\.0 \| api-1-4-0-def5678 \| db \|\n\| 3 \| web \| 2\.0\.0 \| — \| web-2-0-0-0123456 \| api \|/);
    assert.match(markdown, /## Release-specific steps\n\nTell support at 16:30\.\n$/);
  });

  it('lists the changed variables and marks them per component', () => {
    assert.match(markdown, /\| db \| `POOL_SIZE` \| changed \| connections \|\n\| db \| `TIMEOUT` \| added \| seconds \|\n\| db \| `LEGACY_MODE` \| removed \| old flag \|/);
    assert.match(markdown, /\| `DB_URL` \| where the database is \| {2}\|\n\| `POOL_SIZE` \| connections \| \*\*changed\*\* \|/);
    assert.match(markdown, /No longer used: `LEGACY_MODE`\./);
  });

  it('writes the steps, migrations in order, prerequisites and notes', () => {
    assert.match(markdown, /### Prerequisites\n\n- A backup younger than an hour\n\n### Deploy\n\n1\. Run \.\/db\/deploy\.sh\n\n### Database migrations\n\nIn this order:\n\n1\. `0041_orders\.sql`\n2\. `0042_index\.sql`/);
    assert.match(markdown, /### Rollback\n\n1\. Restore the backup\n2\. Run \.\/db\/deploy\.sh with the old version\n\n### Notes\n\nWatch the replication lag\./);
    assert.match(markdown, /## 2\. api[\s\S]*No deploy steps of its own: the product file's deploy command runs for it, with RINGMASTER_COMPONENT=api: `\.\/deploy\.sh`/);
    assert.match(markdown, /No rollback steps of its own: redeploy the last known-good release \(`ringmaster rollback shop --ring production`\)\./);
  });

  it('says when there is nothing to compare environment variables with', () => {
    assert.match(renderRunbook(buildRunbook({ ...INPUT, previous: null })), /## Environment variables that changed\n\nNothing to compare with: no earlier release reached production\./);
    assert.match(renderRunbook(buildRunbook({ ...INPUT, components: [API], previous: { ...INPUT.previous!, components: [{ name: 'api', metadata: { env: ['API_KEY', 'FEATURE_X'] } }] } })), /None changed since 2\.3\.0\./);
  });

  it('renders HTML without passing raw HTML from the product file or the additions', () => {
    const html = markdownToHtml(renderRunbook(buildRunbook({ ...INPUT, additions: '<script>alert(1)</script>\n\n- call **ops**' })));
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<li>call <strong>ops<\/strong><\/li>/);
    assert.match(html, /<h2>1\. db 1\.0\.0 \(unchanged\)<\/h2>/);
  });
});
