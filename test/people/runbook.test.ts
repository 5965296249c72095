/**
 * Runbooks through the API on both engines: assembled from the component
 * metadata each release was cut with, environment variables that changed
 * since the release before it in the ring marked, release-specific additions
 * at the end, edits refused once the release is over.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';

/** The product file, with db's variables as they are at the time. */
const product = (dbEnv: string) => `product: shop
components:
  - name: db
    description: Orders database.
    metadata:
      migrations: [0041_orders.sql, 0042_index.sql]
      prerequisites: ["A backup younger than an hour"]
      env: ${dbEnv}
      rollback: [Restore the backup, Redeploy the previous db]
      runbook: Watch the replication lag.
  - name: api
    dependsOn: [db]
    metadata:
      deploy: ["kubectl apply -f api.yaml", "kubectl rollout status deploy/api"]
      env: [API_KEY]
rings:
  - name: staging
  - name: production
targets:
  - { name: staging-1, ring: staging, deploy: { command: "exit 0" } }
  - { name: prod-1, ring: production, deploy: { command: "exit 0", rollback: "./rollback.sh" } }
roles:
  release-manager: [rita]
`;

const BUILD = (component: string, version: string) => ({ component, version, commit: 'abc1234', stages: [{ name: 'build', status: 'passed' }] });

for (const dialect of DIALECTS) {
  describe(`runbooks [${dialect}]`, () => {
    const clock = createTestClock('2026-12-07T09:00:00.000Z');
    let t: TestApp;
    let deployDir: string;
    let viewer: string;
    const { call, ok } = apiCalls(() => t);
    const runbook = (version: string, query = '') => ok('GET', `/api/products/shop/releases/${version}/runbook${query}`);
    const promote = async (version: string, ring: string) => {
      await ok('POST', `/api/products/shop/releases/${version}/promote`, { ring });
      await t.app.worker.settle();
      clock.advance(60_000);
    };

    before(async () => {
      deployDir = mkdtempSync(join(tmpdir(), 'rm-runbook-'));
      t = await createTestApp(dialect, { clock, deployDir });
      await ok('POST', '/api/products/apply', { source: product('{ DB_URL: where the database is, POOL_SIZE: connections, LEGACY_MODE: old flag }'), fileName: 'shop.yaml' });
      await ok('POST', '/api/users', { name: 'vera', role: 'viewer' });
      viewer = (await ok('POST', '/api/tokens', { name: 'vera-cli', user: 'vera' })).secret;
      for (const c of ['db', 'api']) await ok('POST', '/api/products/shop/builds', BUILD(c, '1.0.0'));
      clock.advance(60_000);
      await ok('POST', '/api/products/shop/releases', { version: '1.0.0', latest: true });
      clock.advance(60_000);
      await promote('1.0.0', 'staging');
      await promote('1.0.0', 'production');

      // The product file changes db's variables; 2.0.0 is cut after it.
      await ok('POST', '/api/products/apply', { source: product('{ DB_URL: where the database is, POOL_SIZE: connections per server, TIMEOUT: seconds }'), fileName: 'shop.yaml' });
      await ok('POST', '/api/products/shop/builds', BUILD('api', '2.0.0'));
      clock.advance(60_000);
      await ok('POST', '/api/products/shop/releases', { version: '2.0.0', latest: true });
    });
    after(async () => {
      await t?.cleanup();
      rmSync(deployDir, { recursive: true, force: true });
    });

    it('gives the deploy order and per component its steps, migrations, prerequisites, variables and rollback', async () => {
      const book = await runbook('2.0.0');
      assert.equal(book.ring, 'production');
      assert.equal(book.against, '1.0.0');
      assert.equal(book.additions, null);
      const md = book.markdown as string;
      assert.match(md, /^# Runbook: shop 2\.0\.0\n/);
      assert.match(md, /\| 1 \| db \| 1\.0\.0 \| 1\.0\.0 \| db-1-0-0-abc1234 \| — \|\n\| 2 \| api \| 2\.0\.0 \| 1\.0\.0 \| api-2-0-0-abc1234 \| db \|/);
      assert.match(md, /## 1\. db 1\.0\.0 \(unchanged\)\n\nOrders database\.\n/);
      assert.match(md, /### Prerequisites\n\n- A backup younger than an hour\n\n### Deploy\n\nNo deploy steps of its own: the product file's deploy command runs for it, with RINGMASTER_COMPONENT=db: `exit 0`\n\n### Database migrations\n\nIn this order:\n\n1\. `0041_orders\.sql`\n2\. `0042_index\.sql`/);
      assert.match(md, /### Rollback\n\n1\. Restore the backup\n2\. Redeploy the previous db\n\n### Notes\n\nWatch the replication lag\./);
      assert.match(md, /## 2\. api 2\.0\.0 \(was 1\.0\.0\)[\s\S]*### Deploy\n\n1\. kubectl apply -f api\.yaml\n2\. kubectl rollout status deploy\/api\n[\s\S]*### Rollback\n\nNo rollback steps of its own: the product file's rollback command runs for it, with RINGMASTER_COMPONENT=api: `\.\/rollback\.sh`/);
      assert.match(book.html, /<h2>Deploy order<\/h2>/);
      assert.ok(book.html.indexOf('<h2>Deploy order</h2>') < book.html.indexOf('<h2>1. db 1.0.0 (unchanged)</h2>'));
    });

    it('marks the environment variables that changed since the release before it in the ring', async () => {
      const md = (await runbook('2.0.0')).markdown as string;
      assert.match(md, /## Environment variables that changed\n\n\| Component \| Variable \| Change \| Description \|\n\|---\|---\|---\|---\|\n\| db \| `POOL_SIZE` \| changed \| connections per server \|\n\| db \| `TIMEOUT` \| added \| seconds \|\n\| db \| `LEGACY_MODE` \| removed \| old flag \|\n/);
      assert.match(md, /\| `DB_URL` \| where the database is \| {2}\|\n\| `POOL_SIZE` \| connections per server \| \*\*changed\*\* \|\n\| `TIMEOUT` \| seconds \| \*\*added\*\* \|/);
      assert.match(md, /No longer used: `LEGACY_MODE`\./);

      // 1.0.0 keeps the metadata it was cut with, and had nothing before it.
      const first = (await runbook('1.0.0')).markdown as string;
      assert.match(first, /\| `LEGACY_MODE` \| old flag \| {2}\|/);
      assert.doesNotMatch(first, /TIMEOUT/);
      assert.match(first, /## Environment variables that changed\n\nNothing to compare with: no earlier release reached production\./);
      assert.equal((await runbook('2.0.0', '?ring=staging')).against, '1.0.0');
    });

    it('adds release-specific steps at the end, and removes them with empty Markdown', async () => {
      const before = (await ok('GET', '/api/events?type=release.runbook-edited')).events.length;
      const edited = await ok('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: '1. Tell support at 16:30.\n2. Freeze the <b>admin</b> UI.' });
      assert.equal(edited.additions, '1. Tell support at 16:30.\n2. Freeze the <b>admin</b> UI.');
      assert.equal(edited.editedBy, 'user:admin');
      assert.match(edited.markdown, /## Release-specific steps\n\n1\. Tell support at 16:30\.\n2\. Freeze the <b>admin<\/b> UI\.\n$/);
      assert.match(edited.html, /<h2>Release-specific steps<\/h2>\n<ol>\n<li>Tell support at 16:30\.<\/li>\n<li>Freeze the &lt;b&gt;admin&lt;\/b&gt; UI\.<\/li>/);
      assert.equal((await runbook('2.0.0')).additions, edited.additions);
      // The same text again changes nothing.
      await ok('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: edited.additions });
      const events = (await ok('GET', '/api/events?type=release.runbook-edited')).events as Json[];
      assert.equal(events.length, before + 1);
      assert.equal(events.at(-1)!.data.product, 'shop');

      const cleared = await ok('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: '  \n' });
      assert.equal(cleared.additions, null);
      assert.doesNotMatch(cleared.markdown, /Release-specific steps/);
      await ok('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: 'Call the on-call SRE first.' });
    });

    it('refuses edits by a viewer, too large or after the release is over, changing nothing', async () => {
      const count = (await ok('GET', '/api/events?limit=1000')).events.length;
      const denied = await call('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: 'x' }, viewer);
      assert.equal(denied.status, 403);
      assert.equal((await call('GET', '/api/products/shop/releases/2.0.0/runbook', undefined, viewer)).status, 200);
      const large = await call('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: 'é'.repeat(140 * 1024) });
      assert.equal(large.status, 400);
      assert.match(large.body.error.message, /markdown: the runbook additions take 286720 bytes; at most 262144 \(256 KiB\) are allowed/);
      const missing = await call('PUT', '/api/products/shop/releases/9.9.9/runbook', { markdown: 'x' });
      assert.equal(missing.status, 404);
      assert.match(missing.body.error.message, /shop has no release 9\.9\.9/);

      await ok('POST', '/api/products/shop/releases/2.0.0/reject', { reason: 'bad build' });
      const over = await call('PUT', '/api/products/shop/releases/2.0.0/runbook', { markdown: 'more' });
      assert.equal(over.status, 409);
      assert.equal(over.body.error.message, 'shop 2.0.0 is rejected: its runbook no longer changes');
      assert.equal((await ok('GET', '/api/events?limit=1000')).events.length, count + 1, 'only the rejection was recorded');
      assert.equal((await runbook('2.0.0')).additions, 'Call the on-call SRE first.');
    });
  });
}
