/**
 * Random and malformed input to every route: the answer is 4xx (or 2xx when
 * the input happens to be valid), never 5xx, always the one error shape, and a
 * refused request leaves the event log (so the state) untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RouteEntry } from '../../src/auth/auth-hook.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const EXAMPLE = readFileSync(new URL('../../examples/maya-online.yaml', import.meta.url), 'utf8');
const RUNS_PER_ROUTE = 40;

const segment = fc.oneof(fc.constantFrom('maya-online', 'nope', '..', '%00', '%ZZ', 'a'.repeat(300), 'ü'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
const queryString = fc
  .array(fc.tuple(fc.constantFrom('after', 'limit', 'type', 'subject', 'ring', 'hosting', 'delivery', 'status', 'q', 'offset', 'x'), fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant(''))), { maxLength: 4 })
  .map((pairs) => (pairs.length ? '?' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : ''));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.record({ name: fc.string({ maxLength: 80 }), role: fc.string({ maxLength: 20 }), kind: fc.string({ maxLength: 8 }), product: fc.string({ maxLength: 10 }) }, { requiredKeys: [] }),
  fc.record({ source: fc.oneof(fc.string({ maxLength: 400 }), fc.constant(EXAMPLE.replace('users:', 'users: -'))), dryRun: fc.boolean() }, { requiredKeys: ['source'] }),
  fc.record({ user: fc.string({ maxLength: 20 }), password: fc.string({ maxLength: 20 }) }),
);
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');

function fill(route: RouteEntry, params: string[]): string {
  let i = 0;
  return route.url.replace(/:[a-z]+|\*/g, () => params[i++ % params.length] ?? 'x');
}

for (const dialect of DIALECTS) {
  describe(`random input to every route [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: EXAMPLE } });
      assert.equal(applied.status, 200);
    });
    after(() => t.cleanup());

    it('never answers 5xx and refuses without changing anything', async () => {
      // The live event stream never ends by design: event-stream.test.ts feeds it bad input.
      const routes = t.app.routes.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/docs') && r.url !== '/api/events/stream' && r.url !== '/api/deployments/:id/log/stream');
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 2 }), queryString, body, contentType, fc.boolean(), async (params, query, payload, type, raw) => {
            const before = await latestEventId(t);
            const text = raw && typeof payload === 'string' ? payload : JSON.stringify(payload);
            const res = await t.request(route.method, fill(route, params) + query, {
              token: t.adminToken,
              ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: text }),
              headers: { 'content-type': type },
            });
            assert.ok(res.status < 500, `${route.method} ${route.url} answered ${res.status}: ${res.text}`);
            if (res.status >= 400) {
              const error = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
              assert.equal(typeof error?.code, 'string', res.text);
              assert.ok(typeof error?.message === 'string' && error.message.length > 0, res.text);
              assert.equal(await latestEventId(t), before, `${route.method} ${route.url} refused with ${res.status} but wrote an event`);
            }
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
    });
  });
}

async function latestEventId(t: TestApp): Promise<number> {
  const res = await t.request('GET', '/api/events?after=0&limit=1000', { token: t.adminToken });
  const events = (res.body as { events: { id: number }[] }).events;
  return events.at(-1)?.id ?? 0;
}
