import { freePort } from '../../test/support/free-port.ts';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { type ApiClient, createApiClient } from './api-client.ts';
import { ApiConnectionError, ApiError } from './api-error.ts';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';

const EXAMPLE = new URL('../../examples/maya-online.yaml', import.meta.url);

describe('api client against a real server', () => {
  let server: TestServer;
  let admin: ApiClient;

  before(async () => {
    server = await startTestServer();
    admin = createApiClient({ baseUrl: `${server.url}/`, token: server.adminToken });
  });
  after(() => server.close());

  it('answers health without a token and who the caller is with one', async () => {
    assert.equal((await createApiClient({ baseUrl: server.url }).health()).status, 'ok');
    const me = await admin.me();
    assert.equal(me.actor, 'user:admin');
    assert.equal(me.role, 'admin');
  });

  it('signs a browser in and out with the session cookie, sending the client header on writes', async () => {
    // Node's fetch keeps no cookies: a tiny jar stands in for the browser's, and records what was sent.
    let cookie = '';
    const sent: { method: string; client: string | null }[] = [];
    const browserFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (cookie) headers.set('cookie', cookie);
      sent.push({ method: init?.method ?? 'GET', client: headers.get('x-ringmaster-client') });
      const res = await fetch(input, { ...init, headers });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    };
    const browser = createApiClient({ baseUrl: server.url, browser: true, fetch: browserFetch });
    assert.equal(await browser.currentSession(), null);
    const me = await browser.startSession({ token: server.adminToken });
    assert.equal(me.actor, 'user:admin');
    assert.equal((await browser.currentSession())?.actor, 'user:admin');
    await browser.endSession();
    assert.equal(await browser.currentSession(), null);
    assert.ok(sent.every((s) => s.client === 'web'), 'every request says it comes from the web client');
    assert.deepEqual(sent.map((s) => s.method), ['GET', 'POST', 'GET', 'DELETE', 'GET']);
  });

  it('applies a product file and reads it back', async () => {
    const source = await readFile(EXAMPLE, 'utf8');
    const dry = await admin.applyProduct({ source, fileName: 'maya-online.yaml', dryRun: true });
    assert.equal(dry.applied, false);
    assert.deepEqual(await admin.listProducts(), []);

    const outcome = await admin.applyProduct({ source, fileName: 'maya-online.yaml' });
    assert.equal(outcome.applied, true);
    assert.ok(outcome.changes.some((c) => c.action === 'create' && c.kind === 'product' && c.name === 'maya-online'));

    assert.deepEqual((await admin.listProducts()).map((p) => p.name), ['maya-online']);
    const product = await admin.getProduct('maya-online');
    assert.deepEqual(product.components.map((c) => c.name), ['db-migrations', 'api', 'worker', 'web']);
    const rings = await admin.listRings('maya-online');
    assert.deepEqual(rings.map((r) => r.name), ['dev', 'internal', 'early-adopters', 'production', 'on-premises']);
    assert.equal(rings[2]?.gates[0]?.kind, 'soak');

    const onPrem = await admin.listTargets('maya-online', { hosting: 'on-prem', limit: 1 });
    assert.equal(onPrem.total, 2);
    assert.equal(onPrem.targets.length, 1);
    assert.equal(onPrem.targets[0]?.delivery, 'pull');
    const found = await admin.listTargets('maya-online', { q: 'hosted' });
    assert.deepEqual(found.targets.map((t) => t.name), ['hosted-eu', 'hosted-us']);
  });

  it('creates, lists and revokes tokens and users; events record it', async () => {
    const issued = await admin.createToken({ name: 'client-test', kind: 'user', expiresInSeconds: 3600 });
    assert.match(issued.secret, /^rm_/);
    const mine = createApiClient({ baseUrl: server.url, token: issued.secret });
    assert.equal((await mine.me()).actor, 'user:admin');
    assert.ok((await admin.listTokens()).some((t) => t.id === issued.token.id));

    const revoked = await admin.revokeToken('client-test');
    assert.equal(revoked.id, issued.token.id);
    assert.notEqual(revoked.revokedAt, null);
    await assert.rejects(mine.me(), (error: unknown) => error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated');

    const user = await admin.createUser({ name: 'carol', role: 'qa', email: 'carol@example.com', password: 'correct horse battery' });
    assert.equal(user.hasPassword, true);
    assert.ok((await admin.listUsers()).some((u) => u.name === 'carol'));
    const session = await createApiClient({ baseUrl: server.url }).login('carol', 'correct horse battery', { tokenName: 'laptop' });
    assert.equal(session.token.name, 'laptop');
    assert.equal((await createApiClient({ baseUrl: server.url, token: session.secret }).me()).role, 'qa');

    const page = await admin.listEvents({ type: 'token.', limit: 1000 });
    assert.ok(page.events.length >= 3);
    assert.ok(page.events.every((e) => e.type.startsWith('token.')));
    const first = await admin.listEvents({ limit: 1 });
    assert.equal(first.events.length, 1);
    assert.equal(first.next, first.events[0]?.id);
    const second = await admin.listEvents({ after: first.next ?? 0, limit: 1 });
    assert.ok((second.events[0]?.id ?? 0) > (first.next ?? 0));
  });

  it("throws ApiError with the server's code, message and details", async () => {
    await assert.rejects(admin.getProduct('nope'), { name: 'ApiError', status: 404, code: 'not_found', message: "product 'nope' does not exist" });
    await assert.rejects(createApiClient({ baseUrl: server.url }).me(), { status: 401, code: 'unauthenticated' });
    const cycle = await readFile(new URL('../../examples/invalid/cycle.yaml', import.meta.url), 'utf8');
    const error = await admin.applyProduct({ source: cycle, fileName: 'cycle.yaml' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_product_file');
    assert.match(error.message, /dependency cycle/);
    assert.equal(error.details[0]?.['file'], 'cycle.yaml');
    assert.equal(typeof error.details[0]?.['line'], 'number');
  });

  it('never puts the token into an error', async () => {
    const error = await createApiClient({ baseUrl: server.url, token: 'rm_not-a-real-token' }).me().catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.doesNotMatch(`${error.message} ${JSON.stringify(error.details)}`, /rm_not-a-real-token/);
  });
});

describe('api client failures without a Ringmaster answer', () => {
  it('names the server when nothing listens there', async () => {
    const port = await freePort();
    const client = createApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'rm_secret' });
    const error = await client.me().catch((e: unknown) => e);
    assert.ok(error instanceof ApiConnectionError);
    assert.equal(error.message, `cannot reach Ringmaster at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('hides credentials in the address it names', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const error = await createApiClient({ baseUrl: 'https://bob:hunter2@rm.example.com/base/', fetch: failing }).health().catch((e: unknown) => e);
    assert.ok(error instanceof ApiConnectionError);
    assert.equal(error.message, 'cannot reach Ringmaster at https://rm.example.com/base: fetch failed');
  });

  it('says so when something other than Ringmaster answers', async () => {
    const html: typeof fetch = async () => new Response('<html>hi</html>', { status: 502, statusText: 'Bad Gateway' });
    await assert.rejects(createApiClient({ baseUrl: 'http://proxy', fetch: html }).me(), { status: 502, code: 'http_502', message: /answered 502 Bad Gateway without a Ringmaster error/ });
    const ok: typeof fetch = async () => new Response('<html>hi</html>', { status: 200 });
    await assert.rejects(createApiClient({ baseUrl: 'http://web', fetch: ok }).me(), { code: 'invalid_response', message: /not JSON/ });
  });

  it('sends the token, JSON only with a body, and the query without empty values', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const recording: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), init: init ?? {} });
      return Response.json({ events: [], next: null, targets: [], total: 0 });
    };
    const client = createApiClient({ baseUrl: 'http://rm:8080/prefix/', token: 'rm_t', fetch: recording });
    await client.listEvents({ after: 5, type: 'token.', subject: undefined });
    await client.listTargets('a b', { ring: 'dev', limit: 10 });
    await client.revokeToken('ci/x');
    assert.deepEqual(seen.map((s) => `${s.init.method} ${s.url}`), [
      'GET http://rm:8080/prefix/api/events?after=5&type=token.',
      'GET http://rm:8080/prefix/api/products/a%20b/targets?ring=dev&limit=10',
      'DELETE http://rm:8080/prefix/api/tokens/ci%2Fx',
    ]);
    for (const s of seen) {
      const headers = s.init.headers as Record<string, string>;
      assert.equal(headers['authorization'], 'Bearer rm_t');
      assert.equal(headers['content-type'], undefined);
    }
  });
});
