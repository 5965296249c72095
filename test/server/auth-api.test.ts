import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/platform/crypto/tokens.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

type Issued = { token: { id: string; name: string; expiresAt: string | null }; secret: string };
const PASSWORD = 'correct horse battery staple';

for (const dialect of DIALECTS) {
  describe(`users, passwords and tokens [${dialect}]`, () => {
    let t: TestApp;
    let now = new Date('2026-11-23T10:00:00Z');
    before(async () => { t = await createTestApp(dialect, { clock: { now: () => now } }); });
    after(() => t.cleanup());

    it('adds a user, refuses a duplicate and a weak password, and signs in with the password', async () => {
      const created = await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'carol', role: 'qa', password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
      assert.equal((created.body as { hasPassword: boolean }).hasPassword, true);
      const duplicate = await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'carol', role: 'qa' } });
      assert.equal(duplicate.status, 409);
      const weak = await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'dan', role: 'qa', password: 'short' } });
      assert.equal(weak.status, 400);
      assert.match((weak.body as { error: { message: string } }).error.message, /at least 12/);

      const wrong = await t.request('POST', '/api/auth/login', { body: { user: 'carol', password: 'not the password' } });
      assert.equal(wrong.status, 401);
      const unknown = await t.request('POST', '/api/auth/login', { body: { user: 'nobody', password: PASSWORD } });
      assert.deepEqual(unknown.body, wrong.body, 'an unknown user and a wrong password read the same');

      const login = await t.request('POST', '/api/auth/login', { body: { user: 'carol', password: PASSWORD } });
      assert.equal(login.status, 201, login.text);
      const me = await t.request('GET', '/api/me', { token: (login.body as Issued).secret });
      assert.equal((me.body as { actor: string; role: string }).actor, 'user:carol');
      assert.equal((me.body as { role: string }).role, 'qa');
    });

    it('stores only hashes of passwords and tokens, and never logs them', async () => {
      const users = await t.app.database.db.selectFrom('users').select(['name', 'password_hash']).where('name', '=', 'carol').execute();
      assert.match(users[0]!.password_hash!, /^scrypt\$/);
      assert.ok(!users[0]!.password_hash!.includes(PASSWORD));
      const tokens = await t.app.database.db.selectFrom('tokens').select('hash').execute();
      assert.ok(tokens.some((row) => row.hash === hashToken(t.adminToken)));
      assert.ok(tokens.every((row) => !row.hash.startsWith('rm_')));
      const log = t.logs.join('\n');
      assert.ok(!log.includes(t.adminToken), 'the admin token is not in the log');
      assert.ok(!log.includes(PASSWORD), 'the password is not in the log');
      const events = (await t.request('GET', '/api/events?limit=1000', { token: t.adminToken })).text;
      assert.ok(!events.includes(t.adminToken) && !events.includes(PASSWORD));
    });

    it('lets a user manage only their own tokens', async () => {
      const login = (await t.request('POST', '/api/auth/login', { body: { user: 'carol', password: PASSWORD } })).body as Issued;
      const own = await t.request('POST', '/api/tokens', { token: login.secret, body: { name: 'carol-laptop' } });
      assert.equal(own.status, 201);
      const forAdmin = await t.request('POST', '/api/tokens', { token: login.secret, body: { name: 'sneaky', user: 'admin' } });
      assert.equal(forAdmin.status, 403);
      const ci = await t.request('POST', '/api/tokens', { token: login.secret, body: { name: 'ci', kind: 'ci', product: 'x' } });
      assert.equal(ci.status, 403);
      const listed = (await t.request('GET', '/api/tokens', { token: login.secret })).body as { tokens: { user: string }[] };
      assert.ok(listed.tokens.length >= 2 && listed.tokens.every((x) => x.user === 'carol'));
      assert.equal((await t.request('DELETE', '/api/tokens/bootstrap', { token: login.secret })).status, 404, "carol cannot see admin's token");
    });

    it('revokes a token at once and refuses to revoke it twice', async () => {
      const issued = (await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'short-lived' } })).body as Issued;
      assert.equal((await t.request('GET', '/api/me', { token: issued.secret })).status, 200);
      assert.equal((await t.request('DELETE', `/api/tokens/${issued.token.id}`, { token: t.adminToken })).status, 200);
      assert.equal((await t.request('GET', '/api/me', { token: issued.secret })).status, 401);
      assert.equal((await t.request('DELETE', `/api/tokens/${issued.token.id}`, { token: t.adminToken })).status, 404);
      const revoked = ((await t.request('GET', '/api/events?type=token.revoked', { token: t.adminToken })).body as { events: { summary: string }[] }).events;
      assert.ok(revoked.some((e) => e.summary === 'user:admin revoked token short-lived'));
    });

    it('takes a DELETE with a JSON content type and no body', async () => {
      const issued = (await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'bodiless' } })).body as Issued;
      const res = await t.request('DELETE', `/api/tokens/${issued.token.id}`, { token: t.adminToken, headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200, res.text);
      const empty = await t.request('POST', '/api/users', { token: t.adminToken, headers: { 'content-type': 'application/json' } });
      assert.equal(empty.status, 400);
      assert.equal((empty.body as { error: { code: string } }).error.code, 'invalid_request');
    });

    it('expires a token when its time is up', async () => {
      const issued = (await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'hour', expiresInSeconds: 3600 } })).body as Issued;
      assert.equal(issued.token.expiresAt, '2026-11-23T11:00:00.000Z');
      assert.equal((await t.request('GET', '/api/me', { token: issued.secret })).status, 200);
      now = new Date('2026-11-23T11:00:01Z');
      assert.equal((await t.request('GET', '/api/me', { token: issued.secret })).status, 401);
    });

    it('binds agent tokens to one existing target', async () => {
      const noProduct = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'a', kind: 'agent', product: 'ghost', target: 'x' } });
      assert.equal(noProduct.status, 404);
      assert.match((noProduct.body as { error: { message: string } }).error.message, /product 'ghost'/);
      const source = 'product: shop\ncomponents: [{ name: api }]\nrings: [{ name: dev }]\ntargets:\n  - { name: site-1, ring: dev, delivery: pull }\n';
      assert.equal((await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source } })).status, 200);
      const noTarget = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'a', kind: 'agent', product: 'shop', target: 'site-2' } });
      assert.equal(noTarget.status, 404);
      const agent = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'a', kind: 'agent', product: 'shop', target: 'site-1' } });
      assert.equal(agent.status, 201, agent.text);
      const me = (await t.request('GET', '/api/me', { token: (agent.body as Issued).secret })).body as { actor: string; target: string; product: string };
      assert.deepEqual([me.actor, me.product, me.target], ['agent:site-1', 'shop', 'site-1']);
      assert.equal((await t.request('GET', '/api/products', { token: (agent.body as Issued).secret })).status, 403);
    });

    it('pages through events with after= and next', async () => {
      const first = (await t.request('GET', '/api/events?after=0&limit=2', { token: t.adminToken })).body as { events: { id: number }[]; next: number | null };
      assert.equal(first.events.length, 2);
      assert.equal(first.next, first.events[1]!.id);
      const second = (await t.request('GET', `/api/events?after=${first.next}&limit=2`, { token: t.adminToken })).body as typeof first;
      assert.ok(second.events[0]!.id > first.next!);
      const all = (await t.request('GET', '/api/events?limit=1000', { token: t.adminToken })).body as typeof first;
      const ids = all.events.map((e) => e.id);
      assert.deepEqual(ids, ids.toSorted((a, b) => a - b));
      assert.equal(all.next, null);
    });
  });
}
