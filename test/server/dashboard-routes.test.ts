/**
 * The server hands out the dashboard: its shell for any page address, its
 * hashed assets cached for good, nothing outside its folder, and API
 * addresses it does not know as JSON 404s rather than the app.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SHELL = '<!doctype html><title>Ringmaster test shell</title><div id="root"></div>';

for (const dialect of DIALECTS) {
  describe(`the dashboard's files [${dialect}]`, () => {
    let t: TestApp;
    let webDir: string;
    let base: string;
    const get = (path: string) => fetch(base + path, { redirect: 'manual' });

    before(async () => {
      const root = mkdtempSync(join(tmpdir(), 'rm-web-'));
      webDir = join(root, 'dist');
      mkdirSync(join(webDir, 'assets'), { recursive: true });
      writeFileSync(join(webDir, 'index.html'), SHELL);
      writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("app")');
      writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      // Beside the dist folder, so a path that climbs out of it would reach it.
      writeFileSync(join(root, 'secret.txt'), 'not for the web');
      t = await createTestApp(dialect, { webDir });
      base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      await t.cleanup();
      rmSync(join(webDir, '..'), { recursive: true, force: true });
    });

    it('answers the shell at / and at every page address, uncached and locked down', async () => {
      for (const path of ['/', '/sign-in', '/products/maya-online/releases/1.2.3', '/deployments/42?x=1']) {
        const res = await get(path);
        assert.equal(res.status, 200, path);
        assert.equal(await res.text(), SHELL, path);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
        assert.equal(res.headers.get('cache-control'), 'no-cache');
        assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      }
    });

    it('serves hashed assets for good and other files uncached, with their types', async () => {
      const script = await get('/assets/index-abc123.js');
      assert.equal(script.status, 200);
      assert.equal(await script.text(), 'console.log("app")');
      assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.match(script.headers.get('cache-control') ?? '', /immutable/);
      const icon = await get('/favicon.svg');
      assert.equal(icon.status, 200);
      assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
      assert.equal(icon.headers.get('cache-control'), 'no-cache');
    });

    it('answers missing files, climbing paths and unknown API addresses with the JSON 404', async () => {
      for (const path of ['/assets/gone.js', '/nothing.png', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/api/nope', '/api/products/x/nope', '/docs/nope.js']) {
        const res = await get(path);
        const text = await res.text();
        assert.ok(res.status === 404 || res.status === 400, `${path}: ${res.status}`);
        assert.doesNotMatch(text, /not for the web/, path);
        assert.ok((JSON.parse(text) as { error: { code: string } }).error.code, path);
      }
    });

    it('answers any random path with the shell, a file of the folder, or a JSON error: never a file outside, never a 5xx', async () => {
      const segment = fc.oneof(
        fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F', '..%2f', '%2f', '%5c', '%00', 'assets', 'secret.txt', 'index.html', 'favicon.svg', 'api', '%', '%zz', '~', ''),
        fc.string({ maxLength: 12 }).map(encodeURIComponent),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
          const path = `/${segments.join('/')}`;
          const res = await get(path);
          const text = await res.text();
          assert.ok(res.status < 500, `${path}: ${res.status} ${text}`);
          assert.doesNotMatch(text, /not for the web/, path);
          if (res.status === 200) assert.ok(text === SHELL || text === 'console.log("app")' || text.startsWith('<svg'), `${path}: ${text.slice(0, 80)}`);
          else assert.ok((JSON.parse(text) as { error: { code: string } }).error.code, path);
        }),
        { numRuns: 300 },
      );
    });

    it('needs no token for the shell, but the API behind it does', async () => {
      assert.equal((await get('/products/maya-online')).status, 200);
      assert.equal((await get('/api/products')).status, 401);
    });
  });
}

describe('a server whose dashboard was not built', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', { webDir: join(tmpdir(), 'rm-no-such-dashboard') });
  });
  after(() => t.cleanup());

  it('says how to build it instead of failing', async () => {
    const res = await t.request('GET', '/');
    assert.equal(res.status, 200);
    assert.match(res.text, /npm install/);
  });
});
