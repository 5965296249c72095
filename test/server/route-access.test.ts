import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { VERSION } from '../../src/app/version.ts';
import type { RouteEntry } from '../../src/auth/auth-hook.ts';
import { CI_PERMISSIONS, type Permission } from '../../src/auth/roles.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const EXAMPLE = readFileSync(new URL('../../examples/maya-online.yaml', import.meta.url), 'utf8');

/** A concrete URL for a route pattern. */
function concrete(route: RouteEntry): string {
  return route.url
    .replace(':product', 'maya-online')
    .replace(':token', 'nope')
    .replace(':version', '1.0.0')
    .replace(':component', 'api')
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace('*', 'index.html');
}

function needsToken(route: RouteEntry): boolean {
  return route.access !== 'public' && route.access !== 'credentials';
}

for (const dialect of DIALECTS) {
  describe(`every route demands the right token [${dialect}]`, () => {
    let t: TestApp;
    let ciToken: string;
    let revokedToken: string;
    let viewerToken: string;

    before(async () => {
      t = await createTestApp(dialect);
      const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: EXAMPLE, fileName: 'maya-online.yaml' } });
      assert.equal(applied.status, 200, applied.text);
      const ci = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'ci', kind: 'ci', product: 'maya-online' } });
      ciToken = (ci.body as { secret: string }).secret;
      const doomed = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'doomed' } });
      revokedToken = (doomed.body as { secret: string }).secret;
      assert.equal((await t.request('DELETE', '/api/tokens/doomed', { token: t.adminToken })).status, 200);
      await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'vera', role: 'viewer' } });
      const viewer = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'vera-cli', user: 'vera' } });
      viewerToken = (viewer.body as { secret: string }).secret;
    });
    after(() => t.cleanup());

    it('registers the routes it is expected to, each with an access rule', () => {
      const urls = new Set(t.app.routes.map((r) => `${r.method} ${r.url}`));
      for (const expected of ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'GET /api/events', 'POST /api/products/apply', 'POST /api/tokens', 'DELETE /api/tokens/:token']) {
        assert.ok(urls.has(expected), `missing ${expected}`);
      }
      // Announcements: notifiers and deliveries are read like products; retrying a delivery takes products:apply.
      const access = Object.fromEntries(t.app.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
      assert.deepEqual(
        [access['GET /api/notifiers'], access['GET /api/deliveries'], access['POST /api/deliveries/:id/retry']],
        ['products:read', 'products:read', 'products:apply'],
      );
      assert.equal(access['GET /api/products/:product/train'], 'products:read', 'where the release train stands is read like the product');
      // People in the loop: checklists and votes are read like the release; ticking and voting take releases:vote, opening a vote releases:promote.
      const release = '/api/products/:product/releases/:version';
      assert.deepEqual(
        Object.fromEntries(
          [
            `GET ${release}/checklists`,
            `PUT ${release}/checklists/:ring/:role/:item`,
            `DELETE ${release}/checklists/:ring/:role/:item`,
            `GET ${release}/evidence/:file`,
            `GET ${release}/votes`,
            `POST ${release}/votes/:ring/open`,
            `POST ${release}/votes/:ring`,
          ].map((route) => [route, access[route]]),
        ),
        {
          [`GET ${release}/checklists`]: 'products:read',
          [`PUT ${release}/checklists/:ring/:role/:item`]: 'releases:vote',
          [`DELETE ${release}/checklists/:ring/:role/:item`]: 'releases:vote',
          [`GET ${release}/evidence/:file`]: 'products:read',
          [`GET ${release}/votes`]: 'products:read',
          [`POST ${release}/votes/:ring/open`]: 'releases:promote',
          [`POST ${release}/votes/:ring`]: 'releases:vote',
        },
      );
      // Release notes and runbooks are read like the release; editing them takes releases:create.
      assert.deepEqual(
        [`GET ${release}/notes`, `PUT ${release}/notes`, `DELETE ${release}/notes`, `GET ${release}/runbook`, `PUT ${release}/runbook`].map((route) => access[route]),
        ['products:read', 'releases:create', 'releases:create', 'products:read', 'releases:create'],
      );
      const open = t.app.routes.filter((r) => !needsToken(r)).map((r) => `${r.method} ${r.url}`).sort();
      // The dashboard's shell and assets hold no data; the API behind them needs a token.
      assert.deepEqual(open, [
        'GET /',
        'GET /*',
        'GET /api/auth/session',
        'GET /healthz',
        'GET /readyz',
        'HEAD /',
        'HEAD /*',
        'HEAD /api/auth/session',
        'HEAD /healthz',
        'HEAD /readyz',
        // An agent proves itself with a one-time enrolment code instead.
        'POST /api/agent/enrol',
        'POST /api/auth/login',
        'POST /api/auth/session',
      ]);
    });

    it('answers 401 without a token, with a malformed one and with a revoked one', async () => {
      for (const route of t.app.routes.filter(needsToken)) {
        for (const token of [undefined, 'rm_not-a-real-token', revokedToken]) {
          const res = await t.request(route.method, concrete(route), { token });
          assert.equal(res.status, 401, `${route.method} ${route.url} with ${token === undefined ? 'no token' : 'a bad token'}: ${res.text}`);
          if (route.method !== 'HEAD') assert.equal((res.body as { error: { code: string } }).error.code, 'unauthenticated');
        }
      }
    });

    it('answers 403 to a CI token on every route outside its scope', async () => {
      const outside = t.app.routes.filter((r) => needsToken(r) && r.access !== 'authenticated' && !CI_PERMISSIONS.includes(r.access as Permission));
      assert.ok(outside.length >= 8, 'the walk covers the admin routes');
      for (const route of outside) {
        const res = await t.request(route.method, concrete(route), { token: ciToken });
        assert.equal(res.status, 403, `${route.method} ${route.url}: ${res.text}`);
        if (route.method !== 'HEAD') assert.match((res.body as { error: { message: string } }).error.message, /a ci token may not/);
      }
    });

    it('lets a viewer read but change nothing', async () => {
      assert.equal((await t.request('GET', '/api/products/maya-online', { token: viewerToken })).status, 200);
      assert.equal((await t.request('GET', '/api/events', { token: viewerToken })).status, 200);
      const writes = t.app.routes.filter((r) => ['POST', 'DELETE', 'PUT', 'PATCH'].includes(r.method) && needsToken(r) && r.access !== 'tokens:own');
      assert.ok(writes.length >= 2);
      for (const route of writes) {
        const res = await t.request(route.method, concrete(route), { token: viewerToken, body: {} });
        assert.equal(res.status, 403, `${route.method} ${route.url}: ${res.text}`);
      }
    });

    it('keeps health open and answers it without a token', async () => {
      assert.deepEqual((await t.request('GET', '/healthz')).body, { status: 'ok', version: VERSION });
      assert.equal((await t.request('GET', '/readyz')).status, 200);
    });
  });
}
