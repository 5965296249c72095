/**
 * Random and near-valid requests to the release notes and runbook routes,
 * and builds registered with random commits, by every kind of caller: never
 * 5xx, every refusal has the error shape with a message, and a refusal (or a
 * read) leaves the documents, the builds, the releases and the events as they were.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { latestEventId } from '../../src/events/event-store.ts';
import { apiCalls } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { assertWellFormedAnswer } from '../support/fuzz-answer.ts';

const RUNS = 60;

const PRODUCT = `product: shop
components:
  - name: db
    metadata: { env: [DB_URL], migrations: [0001.sql] }
  - name: api
    dependsOn: [db]
rings:
  - name: staging
  - name: production
    gates: [{ blessed: true }]
targets:
  - { name: staging-1, ring: staging, deploy: { command: "exit 0" } }
`;

const WHO = ['admin', 'rita', 'vera', 'ci', 'forged', 'none'] as const;
type Who = (typeof WHO)[number];

const JUNK = ['..', '%00', '%ZZ', '%2e%2e', 'a'.repeat(150), 'nope', 'ü', '-', ' ', '9.9.9', 'v2.0.0', '__proto__'];
const junk = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 16, unit: 'binary' }).map(encodeURIComponent));
const segment = (valid: readonly string[]) => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: junk });
const WRONG: readonly unknown[] = [null, 0, -1, 1e20, true, [], {}, '', '   ', '\u0000', { $gt: '' }];
const wrong = fc.constantFrom(...WRONG);

const markdown = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('# Notes\n\n<script>alert(1)</script>', '\u0000', '  \n', 'é'.repeat(131_073), 'x'.repeat(262_145), '[a](javascript:alert(1))') },
  { weight: 1, arbitrary: wrong },
);
const documentBody = fc.oneof(
  { weight: 6, arbitrary: fc.record({ markdown }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ markdown: fc.string({ maxLength: 20 }), extra: fc.anything() }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: wrong },
);

const sha = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[0-9a-f]{7,40}$/) },
  { weight: 1, arbitrary: fc.constantFrom('abc12', 'ABCDEF1', 'g000000', 'a'.repeat(41), '', ' abcdef1') },
  { weight: 1, arbitrary: wrong },
);
const commit = fc.record(
  {
    sha,
    message: fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 80 }) }, { weight: 1, arbitrary: fc.constantFrom('x'.repeat(65_537), 'feat!: x\n\nBREAKING CHANGE: y', 'a\u0000b') }, { weight: 1, arbitrary: wrong }),
    author: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Ada\nEvil', 'a'.repeat(256)), wrong),
    email: fc.oneof(fc.string({ maxLength: 20 }), wrong),
    extra: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: ['sha', 'message', 'author', 'email'] },
);
const validCommit = fc.record({
  sha: fc.stringMatching(/^[0-9a-f]{7,40}$/),
  message: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('feat(api)!: x\n\nBREAKING CHANGE: y\nRefs ABC-1', 'fix: <b>z</b> (#4)')),
  author: fc.string({ maxLength: 20 }).filter((a) => [...a].every((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f')),
  email: fc.constantFrom('ada@example.com', ''),
});
const validBuild = fc.record({
  component: fc.constantFrom('api', 'db'),
  version: fc.integer({ min: 3, max: 40 }).map((n) => `${n}.0.0`),
  commit: fc.constant('c0ffee1'),
  commits: fc.uniqueArray(validCommit, { maxLength: 4, selector: (c) => c.sha }),
});
const brokenBuild = fc.record(
  {
    component: fc.constantFrom<unknown>('api', 'db', 'apii', 3),
    version: fc.constantFrom<unknown>('2.0.0', '3.0.0', '3.0.1', 'v3', null),
    commit: fc.constantFrom<unknown>('abc1234', 'c0ffee1', 'zz'),
    commits: fc.oneof({ weight: 4, arbitrary: fc.uniqueArray(validCommit, { maxLength: 4, selector: (c) => c.sha }) }, { weight: 3, arbitrary: fc.array(commit, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant(Array.from({ length: 1001 }, (_, i) => ({ sha: (0x1000000 + i).toString(16), message: 'm', author: 'a', email: 'e' }))) }, { weight: 1, arbitrary: wrong }),
  },
  { requiredKeys: ['component', 'version', 'commit'] },
);
const buildBody = fc.oneof({ weight: 1, arbitrary: validBuild }, { weight: 1, arbitrary: brokenBuild });
const ringQuery = fc.oneof(fc.constant(''), fc.constantFrom('staging', 'production', 'prod', 'Staging', '', 'a'.repeat(80)).map((r) => `?ring=${encodeURIComponent(r)}`), fc.constant('?x=1'));

for (const dialect of DIALECTS) {
  describe(`random input to the release notes, runbook and build commit routes [${dialect}]`, () => {
    const clock = createTestClock('2026-12-07T09:00:00.000Z');
    let t: TestApp;
    const { ok } = apiCalls(() => t);
    const tokens: Partial<Record<Who, string>> = {};
    const stats = { refused: 0, accepted: 0 };

    async function snapshot(): Promise<string> {
      const db = t.app.database.db;
      return JSON.stringify({
        documents: await db.selectFrom('release_documents').selectAll().orderBy('release_id').orderBy('kind').execute(),
        builds: await db.selectFrom('builds').select(['id', 'component', 'version', 'commit_sha', 'commits', 'stages', 'artifacts', 'updated_at']).orderBy('id').execute(),
        releases: await db.selectFrom('releases').select(['id', 'state', 'blessed_at', 'components']).orderBy('id').execute(),
        events: await latestEventId(db),
      });
    }

    /** One request: never 5xx; a refusal is the one error shape and changes nothing; a read changes nothing either. */
    async function probe(method: string, url: string, who: Who, body?: unknown): Promise<number> {
      const before = await snapshot();
      const res = await t.request(method, url, { token: tokens[who], ...(body === undefined ? {} : { body: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } }) });
      const label = `${who} ${method} ${url} ${(JSON.stringify(body) ?? '').slice(0, 200)}`;
      assertWellFormedAnswer(label, res);
      if (res.status >= 400) {
        assert.equal(await snapshot(), before, `${label} was refused with ${res.status} but changed something`);
        stats.refused++;
      } else {
        if (method === 'GET') assert.equal(await snapshot(), before, `${label}: a read changed something`);
        stats.accepted++;
      }
      return res.status;
    }

    before(async () => {
      t = await createTestApp(dialect, { clock });
      tokens.admin = t.adminToken;
      tokens.forged = 'rm_forged0000000000000000000000000000000';
      await ok('POST', '/api/products/apply', { source: PRODUCT, fileName: 'shop.yaml' });
      await ok('POST', '/api/users', { name: 'rita', role: 'release-manager' });
      await ok('POST', '/api/users', { name: 'vera', role: 'viewer' });
      tokens.rita = (await ok('POST', '/api/tokens', { name: 'rita-cli', user: 'rita' })).secret;
      tokens.vera = (await ok('POST', '/api/tokens', { name: 'vera-cli', user: 'vera' })).secret;
      tokens.ci = (await ok('POST', '/api/tokens', { name: 'shop-ci', kind: 'ci', product: 'shop' })).secret;
      const commits = [{ sha: 'c0ffee1', message: 'feat(api)!: v2\n\nBREAKING CHANGE: gone\nRefs ABC-1', author: 'Ada', email: 'ada@example.com' }];
      for (const c of ['db', 'api']) await ok('POST', '/api/products/shop/builds', { component: c, version: '1.0.0', commit: 'abc1234', stages: [{ name: 'build', status: 'passed' }], commits });
      await ok('POST', '/api/products/shop/releases', { version: '1.0.0', latest: true });
      clock.advance(60_000);
      await ok('POST', '/api/products/shop/builds', { component: 'api', version: '2.0.0', commit: 'abc1234', stages: [{ name: 'build', status: 'passed' }], commits: [{ ...commits[0]!, sha: 'c0ffee2' }] });
      await ok('POST', '/api/products/shop/releases', { version: '2.0.0', latest: true });
      // 1.0.0 is blessed (its notes locked); 2.0.0 is a candidate.
      await ok('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'staging' });
      await t.app.worker.settle();
      await ok('PUT', '/api/products/shop/releases/2.0.0/notes', { markdown: 'edited' });
    });
    after(async () => {
      await t?.cleanup();
    });

    // Mostly callers who may write, so the accepted path runs amid the refusals.
    const who = fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Who>('admin', 'rita') }, { weight: 2, arbitrary: fc.constantFrom(...WHO) });
    const product = segment(['shop']);
    const version = segment(['1.0.0', '2.0.0']);

    it('reads notes and runbooks: never 5xx, and nothing changes', async () => {
      await fc.assert(
        fc.asyncProperty(who, product, version, fc.constantFrom('notes', 'runbook'), ringQuery, async (w, p, v, doc, q) => {
          await probe('GET', `/api/products/${p}/releases/${v}/${doc}${q}`, w);
        }),
        { numRuns: RUNS },
      );
    });

    it('PUT and DELETE notes, PUT runbook: never 5xx, refusals say why and change nothing', async () => {
      await fc.assert(
        fc.asyncProperty(who, product, version, fc.constantFrom('PUT notes', 'DELETE notes', 'PUT runbook'), documentBody, async (w, p, v, route, body) => {
          const [method, doc] = route.split(' ') as [string, string];
          const status = await probe(method, `/api/products/${p}/releases/${v}/${doc}`, w, method === 'DELETE' ? undefined : body);
          if (v === '1.0.0' && doc === 'notes' && p === 'shop' && (w === 'admin' || w === 'rita')) assert.notEqual(status, 200, 'blessed notes never change');
        }),
        { numRuns: RUNS },
      );
    });

    it('builds registered with random commits: never 5xx, refusals say why and change nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Who>('admin', 'ci') }, { weight: 1, arbitrary: fc.constantFrom<Who>('vera', 'none') }), buildBody, async (w, body) => {
          await probe('POST', '/api/products/shop/builds', w, body);
        }),
        { numRuns: RUNS },
      );
      assert.ok(stats.refused > 30 && stats.accepted > 30, `the fuzz reaches both refusals and the accepted path: ${JSON.stringify(stats)}`);
    });
  });
}
