import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const EXAMPLE = read('examples/maya-online.yaml');
const CYCLE = read('examples/invalid/cycle.yaml');

type Change = { action: string; kind: string; name: string; fields: string[] };
type Outcome = { product: string; applied: boolean; dryRun: boolean; changes: Change[] };

for (const dialect of DIALECTS) {
  describe(`applying product files [${dialect}]`, () => {
    let t: TestApp;
    const apply = (source: string, extra: Record<string, unknown> = {}, token?: string) =>
      t.request('POST', '/api/products/apply', { token: token ?? t.adminToken, body: { source, fileName: 'maya-online.yaml', ...extra } });
    const events = async (type: string) =>
      ((await t.request('GET', `/api/events?type=${type}`, { token: t.adminToken })).body as { events: { summary: string; data: Record<string, unknown> }[] }).events;

    before(async () => { t = await createTestApp(dialect); });
    after(() => t.cleanup());

    it('a dry run reports the changes and stores nothing', async () => {
      const res = await apply(EXAMPLE, { dryRun: true });
      assert.equal(res.status, 200, res.text);
      const outcome = res.body as Outcome;
      assert.equal(outcome.applied, false);
      assert.ok(outcome.changes.length > 10);
      assert.ok(outcome.changes.every((c) => c.action === 'create'));
      assert.equal(((await t.request('GET', '/api/products', { token: t.adminToken })).body as { products: unknown[] }).products.length, 0);
      assert.equal((await events('product.applied')).length, 0);
    });

    it('creates the product once, then reports no changes and writes nothing', async () => {
      const first = (await apply(EXAMPLE)).body as Outcome;
      assert.equal(first.applied, true);
      assert.deepEqual(first.changes.filter((c) => c.kind === 'ring').map((c) => c.name), ['dev', 'internal', 'early-adopters', 'production', 'on-premises']);
      const second = await apply(EXAMPLE);
      assert.equal(second.status, 200);
      assert.deepEqual((second.body as Outcome).changes, []);
      assert.equal((second.body as Outcome).applied, false);
      const applied = await events('product.applied');
      assert.equal(applied.length, 1, 'the idempotent second apply wrote no event');
      assert.match(applied[0]!.summary, /^user:admin applied maya-online: \d+ created$/);
    });

    it('reports an edit as exactly the fields that changed', async () => {
      const edited = EXAMPLE.replace(/(\n\s+users: )(\d+)/, (_m, head: string, n: string) => `${head}${Number(n) + 1}`);
      assert.notEqual(edited, EXAMPLE);
      const res = (await apply(edited)).body as Outcome;
      assert.equal(res.changes.length, 1);
      assert.equal(res.changes[0]!.action, 'update');
      assert.equal(res.changes[0]!.kind, 'target');
      assert.deepEqual(res.changes[0]!.fields, ['users']);
      await apply(EXAMPLE);
    });

    it('keeps webhook secrets encrypted at rest and never returns them', async () => {
      const hookSecret = 'whsec-maya-example';
      assert.ok(EXAMPLE.includes(hookSecret), 'the example signs its webhook');
      const product = await t.request('GET', '/api/products/maya-online', { token: t.adminToken });
      const body = product.body as { notifiers: { name: string; secret?: unknown }[]; train: { ring: string } | null };
      assert.deepEqual(body.notifiers.find((n) => n.name === 'ops-hook')?.secret, { secret: true });
      assert.equal(body.train?.ring, 'production');
      assert.ok(!product.text.includes(hookSecret), 'the API withholds the webhook secret');
      const row = await t.app.database.db.selectFrom('products').select('notifiers').where('name', '=', 'maya-online').executeTakeFirstOrThrow();
      assert.ok(!row.notifiers.includes(hookSecret), 'the database holds only ciphertext');
      assert.deepEqual((await apply(EXAMPLE)).body, { product: 'maya-online', dryRun: false, applied: false, changes: [] }, 'an unchanged secret is no change');
      const rotated = (await apply(EXAMPLE.replace(hookSecret, 'whsec-rotated'))).body as Outcome;
      assert.deepEqual(rotated.changes, [{ action: 'update', kind: 'notifier', name: 'ops-hook', fields: ['secret'] }]);
      assert.ok(!JSON.stringify(rotated).includes('whsec-rotated'));
      await apply(EXAMPLE);
    });

    it('keeps secret values encrypted at rest and never returns them', async () => {
      const secretValue = /\{ *secret: *"?([^"}]+)"? *\}/.exec(EXAMPLE)?.[1]?.trim();
      assert.ok(secretValue, 'the example has a secret configuration value');
      const product = await t.request('GET', '/api/products/maya-online', { token: t.adminToken });
      assert.ok(!product.text.includes(secretValue), 'the API withholds the secret');
      assert.match(product.text, /"secret":true/);
      const rows = await t.app.database.db.selectFrom('targets').select('spec').execute();
      assert.ok(rows.some((r) => r.spec.includes('"secret":true')));
      assert.ok(rows.every((r) => !r.spec.includes(secretValue)), 'the database holds only ciphertext');
      const log = (await t.request('GET', '/api/events?limit=1000', { token: t.adminToken })).text;
      assert.ok(!log.includes(secretValue), 'events do not carry the secret');
      assert.ok(!t.logs.join('\n').includes(secretValue), 'the server log does not carry the secret');
    });

    it('rejects a dependency cycle naming it, with file and line, and applies nothing', async () => {
      const before = (await events('product.')).length;
      const res = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: CYCLE, fileName: 'examples/invalid/cycle.yaml' } });
      assert.equal(res.status, 400);
      const error = (res.body as { error: { code: string; message: string; details: { file: string; line: number; field: string }[] } }).error;
      assert.equal(error.code, 'invalid_product_file');
      assert.match(error.message, /^examples\/invalid\/cycle\.yaml:\d+:\d+ /);
      assert.match(error.message, /api/);
      assert.match(error.message, /worker/);
      assert.ok(error.details[0]!.line >= 1);
      assert.equal((await events('product.')).length, before);
    });

    it('answers invalid YAML and bad fields with the line and the field', async () => {
      const res = await apply('product: maya-online\ncomponents:\n  - name: api\n    dependOn: [web]\nrings: [{ name: dev }]\n');
      assert.equal(res.status, 400);
      const error = (res.body as { error: { details: { line: number; field: string; message: string }[] } }).error;
      const typo = error.details.find((d) => d.line === 4);
      assert.ok(typo, JSON.stringify(error.details));
      assert.match(typo.message, /dependOn/);
      const broken = await apply('product: [unclosed\n');
      assert.equal(broken.status, 400);
    });

    it('pages and filters targets on the server', async () => {
      const all = (await t.request('GET', '/api/products/maya-online/targets?limit=1000', { token: t.adminToken })).body as { targets: { name: string; ring: string; delivery: string }[]; total: number };
      assert.equal(all.total, all.targets.length);
      const pull = (await t.request('GET', '/api/products/maya-online/targets?delivery=pull', { token: t.adminToken })).body as typeof all;
      assert.ok(pull.total > 0 && pull.targets.every((x) => x.delivery === 'pull'));
      const page = (await t.request('GET', '/api/products/maya-online/targets?limit=2&offset=1', { token: t.adminToken })).body as typeof all;
      assert.deepEqual(page.targets.map((x) => x.name), all.targets.slice(1, 3).map((x) => x.name));
      assert.equal(page.total, all.total);
      const name = all.targets[0]!.name;
      const search = (await t.request('GET', `/api/products/maya-online/targets?q=${encodeURIComponent(name.slice(1, 5).toUpperCase())}`, { token: t.adminToken })).body as typeof all;
      assert.ok(search.targets.some((x) => x.name === name));
      const none = (await t.request('GET', '/api/products/maya-online/targets?q=%25', { token: t.adminToken })).body as typeof all;
      assert.equal(none.total, 0, "'%' is matched literally, not as a wildcard");
    });

    it('shows a CI token its own product only', async () => {
      await apply(EXAMPLE.replace('product: maya-online', 'product: other-product'));
      const ci = (await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'maya-ci', kind: 'ci', product: 'maya-online' } })).body as { secret: string };
      const list = (await t.request('GET', '/api/products', { token: ci.secret })).body as { products: { name: string }[] };
      assert.deepEqual(list.products.map((p) => p.name), ['maya-online']);
      assert.equal((await t.request('GET', '/api/products/other-product', { token: ci.secret })).status, 404);
      assert.equal((await apply(EXAMPLE, {}, ci.secret)).status, 403);
    });
  });
}
