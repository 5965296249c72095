import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'correct horse battery staple';
const CLIENT = { 'x-ringmaster-client': 'web' };

interface Answer {
  status: number;
  body: unknown;
  text: string;
  /** The Set-Cookie header, when the answer set one. */
  setCookie: string | undefined;
}

/** The test app's request helper does not show response headers; sessions need Set-Cookie. */
async function call(t: TestApp, method: string, url: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers.cookie = `${SESSION_COOKIE}=${options.cookie}`;
  const res = await t.app.http.inject({ method: method as 'GET', url, headers, ...(options.body === undefined ? {} : { payload: options.body as object }) });
  const setCookie = res.headers['set-cookie'];
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, text: res.body, setCookie: Array.isArray(setCookie) ? setCookie.join('\n') : setCookie };
}

/** The session token in a Set-Cookie header. */
function cookieToken(setCookie: string | undefined): string {
  const match = new RegExp(`^${SESSION_COOKIE}=([^;]*);`).exec(setCookie ?? '');
  assert.ok(match, `a session cookie is set: ${setCookie}`);
  return match[1]!;
}

async function tokenNames(t: TestApp): Promise<string[]> {
  const res = await t.request('GET', '/api/tokens', { token: t.adminToken });
  return (res.body as { tokens: { name: string; revokedAt: string | null }[] }).tokens.filter((x) => x.revokedAt === null).map((x) => x.name).sort();
}

async function latestEventId(t: TestApp): Promise<number> {
  const events = ((await t.request('GET', '/api/events?after=0&limit=1000', { token: t.adminToken })).body as { events: { id: number }[] }).events;
  return events.at(-1)?.id ?? 0;
}

for (const dialect of DIALECTS) {
  describe(`browser sessions [${dialect}]`, () => {
    let t: TestApp;
    let personalToken: string;
    let ciToken: string;
    const seenTokens: string[] = [];

    before(async () => {
      t = await createTestApp(dialect);
      const created = await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'rita', role: 'release-manager', password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
      const personal = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'rita-laptop', user: 'rita' } });
      personalToken = (personal.body as { secret: string }).secret;
      const source = 'product: shop\ncomponents: [{ name: api }]\nrings: [{ name: dev }]\ntargets:\n  - { name: site-1, ring: dev, delivery: pull }\n';
      assert.equal((await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source } })).status, 200);
      const ci = await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'shop-ci', kind: 'ci', product: 'shop' } });
      ciToken = (ci.body as { secret: string }).secret;
      seenTokens.push(personalToken, ciToken);
    });
    after(() => t.cleanup());

    it('signs in with a password: an httpOnly, same-site cookie and who the caller is', async () => {
      const res = await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD } });
      assert.equal(res.status, 201, res.text);
      assert.match(res.setCookie!, /; HttpOnly(;|$)/);
      assert.match(res.setCookie!, /; SameSite=Strict(;|$)/);
      assert.match(res.setCookie!, /; Path=\/(;|$)/);
      assert.match(res.setCookie!, /; Max-Age=43200(;|$)/);
      assert.doesNotMatch(res.setCookie!, /Secure/, 'no Secure flag without an https public URL');
      const session = cookieToken(res.setCookie);
      seenTokens.push(session);
      assert.notEqual(session, personalToken);
      const me = await call(t, 'GET', '/api/me', { cookie: session });
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(res.body, me.body, 'sign-in answers what GET /api/me does');
      assert.equal((me.body as { actor: string }).actor, 'user:rita');
      assert.ok((await tokenNames(t)).some((name) => name.startsWith('browser session')));
    });

    it('refuses a cookie write without X-Ringmaster-Client and changes nothing; takes it with the header', async () => {
      const session = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD } })).setCookie);
      seenTokens.push(session);
      const tokensBefore = await tokenNames(t);
      const eventsBefore = await latestEventId(t);

      for (const headers of [{}, { 'x-ringmaster-client': '' }, { 'x-ringmaster-client': '  ' }] as Record<string, string>[]) {
        const forged = await call(t, 'POST', '/api/tokens', { cookie: session, body: { name: 'forged' }, headers });
        assert.equal(forged.status, 403, forged.text);
        const error = (forged.body as { error: { code: string; message: string } }).error;
        assert.equal(error.code, 'csrf');
        assert.match(error.message, /X-Ringmaster-Client/);
      }
      assert.equal((await call(t, 'DELETE', '/api/auth/session', { cookie: session })).status, 403, 'sign-out follows the rule too');
      assert.deepEqual(await tokenNames(t), tokensBefore);
      assert.equal(await latestEventId(t), eventsBefore);
      assert.equal((await call(t, 'GET', '/api/me', { cookie: session })).status, 200, 'reads need no header');

      const made = await call(t, 'POST', '/api/tokens', { cookie: session, body: { name: 'from-browser' }, headers: CLIENT });
      assert.equal(made.status, 201, made.text);
      seenTokens.push((made.body as { secret: string }).secret);
      assert.ok((await tokenNames(t)).includes('from-browser'));
    });

    it('leaves bearer requests alone: the header wins over the cookie and needs no client header', async () => {
      const res = await t.request('POST', '/api/tokens', { token: personalToken, body: { name: 'from-cli' }, headers: { cookie: `${SESSION_COOKIE}=garbage` } });
      assert.equal(res.status, 201, res.text);
      seenTokens.push((res.body as { secret: string }).secret);
    });

    it('signs in with a personal token and uses that very token as the session', async () => {
      const res = await call(t, 'POST', '/api/auth/session', { body: { token: personalToken } });
      assert.equal(res.status, 201, res.text);
      assert.equal(cookieToken(res.setCookie), personalToken);
      assert.equal((res.body as { actor: string }).actor, 'user:rita');
    });

    it('refuses CI tokens, bad tokens, wrong passwords and mixed or missing forms, setting no cookie', async () => {
      const ci = await call(t, 'POST', '/api/auth/session', { body: { token: ciToken } });
      assert.equal(ci.status, 403, ci.text);
      assert.match((ci.body as { error: { message: string } }).error.message, /ci token cannot start a browser session/);
      const cases: [unknown, number][] = [
        [{ token: ciToken }, 403],
        [{ token: 'rm_not-a-real-token' }, 401],
        [{ user: 'rita', password: 'not the password' }, 401],
        [{ user: 'nobody', password: PASSWORD }, 401],
        [{ user: 'rita', password: PASSWORD, token: personalToken }, 400],
        [{ user: 'rita' }, 400],
        [{}, 400],
        [{ user: 'rita', password: PASSWORD, remember: true }, 400],
      ];
      for (const [body, status] of cases) {
        const res = await call(t, 'POST', '/api/auth/session', { body });
        assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(res.setCookie, undefined, `${JSON.stringify(body)} sets no cookie`);
      }
      const both = await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD, token: personalToken } });
      assert.match((both.body as { error: { message: string } }).error.message, /either user and password or a token/);
    });

    it('signs out of a password session: the token is revoked and the cookie cleared', async () => {
      const session = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD } })).setCookie);
      seenTokens.push(session);
      const out = await call(t, 'DELETE', '/api/auth/session', { cookie: session, headers: CLIENT });
      assert.equal(out.status, 200, out.text);
      assert.deepEqual(out.body, { signedOut: true });
      assert.equal(cookieToken(out.setCookie), '');
      assert.match(out.setCookie!, /; Max-Age=0(;|$)/);
      assert.equal((await call(t, 'GET', '/api/me', { cookie: session })).status, 401, 'the old cookie is dead');
      const revoked = ((await t.request('GET', '/api/events?type=token.revoked', { token: t.adminToken })).body as { events: { summary: string }[] }).events;
      assert.ok(revoked.some((e) => /^user:rita signed out of browser session /.test(e.summary)));
    });

    it("tells a browser whose session it holds, without a 401 when it holds none", async () => {
      const session = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD } })).setCookie);
      seenTokens.push(session);
      const current = await call(t, 'GET', '/api/auth/session', { cookie: session });
      assert.equal(current.status, 200, current.text);
      assert.equal((current.body as { session: { actor: string; role: string } }).session.actor, 'user:rita');
      for (const cookie of [undefined, '', 'rm_garbage', 'x'.repeat(500)]) {
        const none = await call(t, 'GET', '/api/auth/session', { cookie });
        assert.equal(none.status, 200, `${cookie}: ${none.text}`);
        assert.deepEqual(none.body, { session: null });
      }
      assert.equal((await call(t, 'DELETE', '/api/auth/session', { cookie: session, headers: CLIENT })).status, 200);
      assert.deepEqual((await call(t, 'GET', '/api/auth/session', { cookie: session })).body, { session: null }, 'a signed-out session is no session');
    });

    it('signs out of a brought token without revoking it', async () => {
      const cookie = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { token: personalToken } })).setCookie);
      const out = await call(t, 'DELETE', '/api/auth/session', { cookie, headers: CLIENT });
      assert.equal(out.status, 200, out.text);
      assert.match(out.setCookie!, /; Max-Age=0(;|$)/);
      assert.equal((await t.request('GET', '/api/me', { token: personalToken })).status, 200);
    });

    it('only clears the cookie when signing out with a bearer token, even a browser session one', async () => {
      const session = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { user: 'rita', password: PASSWORD } })).setCookie);
      seenTokens.push(session);
      const out = await t.request('DELETE', '/api/auth/session', { token: session });
      assert.equal(out.status, 200, out.text);
      assert.equal((await call(t, 'GET', '/api/me', { cookie: session })).status, 200);
      assert.equal((await t.request('DELETE', '/api/auth/session', { token: ciToken })).status, 403, 'CI tokens have no session');
    });

    it('tells a minted session from a brought token by what it is for, not by its name', async () => {
      const lookalike = await t.request('POST', '/api/tokens', { token: personalToken, body: { name: 'browser session 1' } });
      assert.equal(lookalike.status, 201, lookalike.text);
      const secret = (lookalike.body as { secret: string }).secret;
      seenTokens.push(secret);
      const cookie = cookieToken((await call(t, 'POST', '/api/auth/session', { body: { token: secret } })).setCookie);
      assert.equal((await call(t, 'DELETE', '/api/auth/session', { cookie, headers: CLIENT })).status, 200);
      assert.equal((await t.request('GET', '/api/me', { token: secret })).status, 200, 'a token the user brought survives sign-out, whatever its name');
    });

    it('answers 401 to a cookie with garbage, an empty one, and no credentials at all', async () => {
      for (const cookie of ['garbage', 'rm_' + 'x'.repeat(43), '"rm_"', ';;;']) {
        const res = await call(t, 'GET', '/api/me', { cookie });
        assert.equal(res.status, 401, `${cookie}: ${res.text}`);
        assert.equal((res.body as { error: { code: string } }).error.code, 'unauthenticated');
      }
      assert.equal((await call(t, 'GET', '/api/me', { cookie: '' })).status, 401);
      assert.equal((await call(t, 'GET', '/api/me', { headers: { cookie: 'other=1' } })).status, 401);
    });

    it('never writes a session token to the log or the event log', async () => {
      assert.ok(seenTokens.length >= 6);
      const log = t.logs.join('\n');
      const events = (await t.request('GET', '/api/events?limit=1000', { token: t.adminToken })).text;
      for (const token of seenTokens) {
        assert.ok(!log.includes(token), 'the token is not in the log');
        assert.ok(!events.includes(token), 'the token is not in an event');
      }
      assert.ok(!log.includes(PASSWORD) && !events.includes(PASSWORD));
      assert.ok(log.includes('/api/auth/session'), 'the sign-ins were logged');
    });
  });
}
