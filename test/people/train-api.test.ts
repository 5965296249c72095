/**
 * GET /api/products/{p}/train on both engines: who may read it, a product
 * without a train, unknown products, random input; and `ringmaster get train`
 * printing today's schedule in the train's zone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { type CliRun, runCliAgainst } from './cli-runner.ts';
import { setUpTrain, TRAIN_PRODUCT } from './train-fixture.ts';

const PLAIN = `product: plain
components:
  - name: api
rings:
  - name: dev
`;

for (const dialect of DIALECTS) {
  describe(`the train API [${dialect}]`, () => {
    // Friday 4 December 2026, 15:30 IST: the day's cut is done, its vote at 16:00 is to come.
    const clock = createTestClock('2026-12-04T09:30:00.000Z');
    let t: TestApp;
    let viewer: string;
    let ciOfPlain: string;
    const { call, ok } = apiCalls(() => t);
    const eventCount = async () => Number((await t.app.database.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(dialect, { clock });
      await setUpTrain(t);
      await ok('POST', '/api/products/apply', { source: PLAIN, fileName: 'plain.yaml' });
      for (const component of ['api', 'web']) await ok('POST', `/api/products/${TRAIN_PRODUCT}/builds`, buildBody(component, '1.0.0'));
      await t.app.train.upkeep();
      // The candidate goes to dev now, so that nothing moves while the routes are fuzzed.
      await t.app.worker.settle();
      clock.set('2026-12-04T10:00:00.000Z');
      await t.app.train.upkeep();
      await ok('POST', '/api/users', { name: 'vic', role: 'viewer' });
      viewer = (await ok('POST', '/api/tokens', { name: 'vic-cli', user: 'vic' })).secret as string;
      ciOfPlain = (await ok('POST', '/api/tokens', { name: 'ci-plain', kind: 'ci', product: 'plain' })).secret as string;
    });
    after(() => t.cleanup());

    it('a viewer reads where the train stands', async () => {
      const train = await ok('GET', `/api/products/${TRAIN_PRODUCT}/train`, undefined, viewer);
      assert.equal(train.train.ring, 'production');
      assert.equal(train.train.graceSeconds, 3_600);
      assert.deepEqual(train.train.freezes, [{ from: '2026-12-23T18:30:00.000Z', to: '2027-01-03T18:30:00.000Z', reason: 'year-end freeze' }]);
      assert.equal(train.frozen, null);
      assert.deepEqual(train.today.steps.map((s: Json) => [s.step, s.state, s.version, s.outcome]), [
        ['cut', 'done', '0.1.0', 'cut 0.1.0: api 1.0.0, web 1.0.0'],
        ['vote', 'waiting', null, 'at 16:00 Asia/Kolkata'],
        ['deploy', 'waiting', null, 'at 17:00 Asia/Kolkata'],
      ]);
    });

    it('a product without a train says so', async () => {
      assert.deepEqual(await ok('GET', '/api/products/plain/train'), { train: null, timezone: 'UTC', frozen: null, today: null, next: null, recent: [] });
    });

    it('refuses unknown products and products a token cannot see, clearly', async () => {
      const unknown = await call('GET', '/api/products/nope/train');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.message, "product 'nope' does not exist");
      const hidden = await call('GET', `/api/products/${TRAIN_PRODUCT}/train`, undefined, ciOfPlain);
      assert.equal(hidden.status, 404, 'a CI token of another product does not learn the product exists');
      assert.equal((await call('GET', `/api/products/${TRAIN_PRODUCT}/train`, undefined, 'rm_not-a-token')).status, 401);
    });

    it('random input never answers 5xx, refusals say why, and nothing changes', async () => {
      const segment = fc.oneof(fc.constantFrom(TRAIN_PRODUCT, 'plain', 'nope', '..', '%00', '%ZZ', 'a'.repeat(300), 'ü'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
      const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }).map((q) => `?x=${encodeURIComponent(q)}`));
      await fc.assert(
        fc.asyncProperty(segment, query, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), async (product, q, method) => {
          const before = await eventCount();
          const res = await t.request(method, `/api/products/${product}/train${q}`, { token: t.adminToken, ...(method === 'GET' || method === 'DELETE' ? {} : { body: { junk: q } }) });
          assert.ok(res.status < 500, `${method} ${product}: ${res.status} ${res.text}`);
          if (res.status >= 400) {
            const error = (res.body as { error?: { message?: unknown } }).error;
            assert.ok(typeof error?.message === 'string' && error.message.length > 0, res.text);
          }
          assert.equal(await eventCount(), before);
        }),
        { numRuns: 60 },
      );
    });
  });
}

describe('ringmaster get train', () => {
  const clock = createTestClock('2026-12-04T09:30:00.000Z');
  let t: TestApp;
  let url: string;

  before(async () => {
    t = await createTestApp('sqlite', { clock });
    url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    await setUpTrain(t);
    for (const component of ['api', 'web']) await apiCalls(() => t).ok('POST', `/api/products/${TRAIN_PRODUCT}/builds`, buildBody(component, '1.0.0'));
    await t.app.train.upkeep();
  });
  after(() => t.cleanup());

  const cli = (args: string[]): Promise<CliRun> => runCliAgainst({ server: url, token: t.adminToken }, args);

  it("prints today's schedule in the train's zone and where the train stands", async () => {
    const run = await cli(['get', 'train', '--product', TRAIN_PRODUCT]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^daily-train train to production: cut "0 15 \* \* 1-5", Go\/No-Go "0 16 \* \* 1-5", deploy "0 17 \* \* 1-5" \(Asia\/Kolkata\)$/m);
    assert.match(run.stdout, /^today, Fri 4 Dec 2026 \(Asia\/Kolkata\): cut done; next: vote at 16:00$/m);
    assert.match(run.stdout, /^cut\s+15:00\s+done\s+0\.1\.0\s+cut 0\.1\.0: api 1\.0\.0, web 1\.0\.0$/m);
    assert.match(run.stdout, /^next: Mon 7 Dec 2026: cut 15:00, Go\/No-Go 16:00, deploy 17:00$/m);
    const json = JSON.parse((await cli(['get', 'train', '--json'])).stdout) as Json;
    assert.equal(json.today.steps[0].version, '0.1.0', 'the only product is found without --product');
    const missing = await cli(['get', 'train', '--product', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /product 'nope' does not exist/);
  });
});
