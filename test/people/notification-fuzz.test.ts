/**
 * Random input to the notifier and delivery routes, by an admin, a viewer and
 * a CI token of another product: never 5xx, every refusal says why, and a
 * refusal changes nothing (no event, no delivery touched).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { assertWellFormedAnswer } from '../support/fuzz-answer.ts';
import { announce, notifyProduct, startReceiver, type TestReceiver } from './notification-fixture.ts';

const RUNS = 60;

for (const dialect of DIALECTS) {
  describe(`random input to the notification routes [${dialect}]`, () => {
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let t: TestApp;
    let hooks: TestReceiver;
    const tokens: string[] = [];
    const ids: string[] = [];
    const { ok } = apiCalls(() => t);

    before(async () => {
      hooks = await startReceiver();
      hooks.answers['/dead'] = 500;
      t = await createTestApp(dialect, { clock });
      await ok('POST', '/api/products/apply', { source: notifyProduct(hooks.port), fileName: 'daily-train.yaml' });
      await ok('POST', '/api/products/apply', { source: 'product: other\ncomponents: [{ name: api }]\nrings: [{ name: dev }]\n', fileName: 'other.yaml' });
      await ok('POST', '/api/users', { name: 'vera', role: 'viewer' });
      tokens.push(t.adminToken, (await ok('POST', '/api/tokens', { name: 'vera-cli', user: 'vera' })).secret, (await ok('POST', '/api/tokens', { name: 'other-ci', kind: 'ci', product: 'other' })).secret);
      await announce(t, clock, 'vote.decided', 'daily-train 1.5.0 production: go', { decision: 'go' });
      await announce(t, clock, 'window.opened', 'daily-train production window opened');
      await announce(t, clock, 'rollout.started', 'daily-train 1.5.0 enters dev');
      await t.app.notifications.upkeep();
      ids.push(...((await ok('GET', '/api/deliveries')).deliveries as Json[]).map((d) => d.id as string));
      assert.equal(ids.length, 3);
    });
    after(async () => {
      await t?.cleanup();
      await hooks?.close();
    });

    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'daily-train', 'other', 'nope', 'failed', 'pending', 'delivered', 'ops-hook', '0', '5', '501', '-1', '1e3', '%00', 'ü', 'a'.repeat(300)));
    const query = fc
      .array(fc.tuple(fc.constantFrom('product', 'state', 'notifier', 'limit', 'x'), text), { maxLength: 4 })
      .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));
    const id = fc.oneof(
      fc.constantFrom(...[0, 1, 2].map((i) => () => ids[i]!)).map((f) => f()),
      fc.uuid(),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constantFrom('..', '%00', '%ZZ', 'a'.repeat(300)),
    );
    const token = fc.constantFrom(0, 1, 2).map((i) => tokens[i]!);

    async function snapshot(): Promise<string> {
      const events = await t.app.database.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      const rows = await t.app.database.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
      return JSON.stringify({ events: Number(events?.max ?? 0), rows });
    }

    for (const path of ['/api/notifiers', '/api/deliveries']) {
      it(`GET ${path} never fails and changes nothing`, async () => {
        await fc.assert(
          fc.asyncProperty(query, token, async (q, bearer) => {
            const before = await snapshot();
            const res = await t.request('GET', path + q, { token: bearer });
            assertWellFormedAnswer(`GET ${path}${q}`, res);
            assert.equal(await snapshot(), before);
            if (res.status === 200 && bearer === tokens[2]) {
              // A CI token of another product sees none of daily-train's.
              assert.ok(!res.text.includes('daily-train'), res.text);
            }
          }),
          { numRuns: RUNS },
        );
      });
    }

    it('POST /api/deliveries/{id}/retry never fails, and a refusal changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(id, token, fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 50 })), async (target, bearer, body) => {
          const before = await snapshot();
          const res = await t.request('POST', `/api/deliveries/${target}/retry`, { token: bearer, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
          assertWellFormedAnswer(`POST retry ${target}`, res);
          if (res.status >= 400) assert.equal(await snapshot(), before, `refused with ${res.status} but changed something: ${res.text}`);
          if (bearer !== tokens[0]) assert.ok(res.status >= 400, 'only the admin may retry here');
          // A retried delivery is due now: send it before the next run compares snapshots (the server's own timer would otherwise).
          if (res.status === 200) await t.app.notifications.upkeep();
        }),
        { numRuns: RUNS },
      );
    });
  });
}
