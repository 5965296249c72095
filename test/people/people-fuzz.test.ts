/**
 * Random and near-valid requests to the checklist and vote routes, by every
 * kind of caller: never 5xx, every refusal has the error shape with a message,
 * and a refusal (or a read) leaves ticks, files, rounds, ballots and events as they were.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { decideClosedVotes } from '../../src/votes/decide-votes.ts';
import { assertWellFormedAnswer } from '../support/fuzz-answer.ts';
import { countRows, PRODUCT, setUpPeople } from './people-fixture.ts';

const RUNS = 60;
const WHO = ['admin', 'carol', 'dave', 'sam', 'alice', 'vic', 'ci', 'none'] as const;
const VERSIONS = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];
const RINGS = ['staging', 'production', 'dev'];
const ROLES = ['qa', 'sre', 'module-lead', 'product'];
const ITEMS = ['automation-passed', 'sanity-owner', 'exploratory', 'branch-and-tag', 'release-notes'];

const JUNK = ['..', '%00', '%ZZ', '%2e%2e', 'a'.repeat(150), 'nope', 'QA', 'ü', '-', ' ', '9.9.9', 'stagign', 'open', '__proto__', 'constructor'];
const junk = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 16, unit: 'binary' }).map(encodeURIComponent));
const segment = (valid: readonly string[]) => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: junk });
const WRONG: readonly unknown[] = [null, 0, -1, 1e20, true, [], {}, '', '   ', '\u0000', 'a'.repeat(3000), { $gt: '' }];
const wrong = fc.constantFrom(...WRONG);
const text = fc.oneof(fc.string({ maxLength: 40 }), wrong);
const base64 = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  fc.constantFrom('', 'not base64!', 'YQ', 'YQ===', '-_8=', 'aGk='),
  wrong,
);
const link = fc.oneof(fc.constantFrom('https://ci.example/runs/1', 'http://10.0.0.1/x', 'ftp://x/y', 'javascript:alert(1)', 'ci.example', 'https://'), wrong);
const isoTime = fc.oneof(
  fc.integer({ min: -86_400, max: 7 * 86_400 }).map((s) => new Date(Date.parse('2026-12-04T10:00:00.000Z') + s * 1000).toISOString()),
  fc.constantFrom('tomorrow', '2026-13-01T00:00:00Z', '2026-12-04', '1e20', '2026-12-04T10:00:00+05:30'),
  wrong,
);

/** A valid body most of the time (so the success path runs amid the fuzz), else one with any field broken. */
const validOrNot = (valid: fc.Arbitrary<unknown>, broken: fc.Arbitrary<unknown>) => fc.oneof({ weight: 2, arbitrary: valid }, { weight: 3, arbitrary: broken });

const validTick = fc.record({ note: fc.string({ maxLength: 40 }), link: fc.constantFrom('https://ci.example/runs/1', 'http://10.0.0.1/x') }, { requiredKeys: [] });
const validOpen = fc.record({ closesAt: fc.integer({ min: 60, max: 7 * 86_400 }).map((s) => new Date(Date.parse('2026-12-04T10:00:02.000Z') + s * 1000).toISOString()) }, { requiredKeys: [] });
const validCast = fc.oneof(
  fc.record({ vote: fc.constant('go'), reason: fc.string({ maxLength: 40 }) }, { requiredKeys: ['vote'] }),
  fc.record({ vote: fc.constant('no-go'), reason: fc.string({ minLength: 1, maxLength: 40 }).filter((r) => r.trim() !== ''), role: fc.constantFrom('qa', 'sre') }, { requiredKeys: ['vote', 'reason'] }),
);

const brokenTick = fc.record(
  {
    note: text,
    link,
    file: fc.oneof(fc.record({ name: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('../x', '.env', ''), wrong), mediaType: fc.oneof(fc.constantFrom('text/plain', 'text', 'Text/HTML; q=1'), wrong), contentBase64: base64 }, { requiredKeys: [] }), wrong),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const brokenOpen = fc.record({ closesAt: isoTime, extra: fc.string() }, { requiredKeys: [] });
const brokenCast = fc.record(
  { vote: fc.oneof(fc.constantFrom('go', 'no-go', 'Go', 'maybe'), wrong), reason: text, role: fc.oneof(fc.constantFrom(...ROLES, 'release-manager'), wrong), extra: fc.string() },
  { requiredKeys: [] },
);

interface Payload {
  text: string;
  type: string;
}

/** A body as JSON, or raw text under some content type. */
function payload(body: fc.Arbitrary<unknown>): fc.Arbitrary<Payload | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: body.map((b) => ({ text: JSON.stringify(b), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((b) => ({ text: JSON.stringify(b), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"vote":', '\u0000').map((t) => ({ text: t, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((t) => ({ text: t, type: 'text/plain' })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

interface RouteSpec {
  /** A path built from random (mostly valid) segments and a query. */
  path: (files: readonly string[]) => fc.Arbitrary<string>;
  body?: fc.Arbitrary<Payload | undefined>;
  /** Requests that succeed, tried first. */
  examples: (files: readonly string[]) => { path: string; who: (typeof WHO)[number]; body?: unknown }[];
}

const P = `/api/products`;
const R = (v: string) => `${P}/${PRODUCT}/releases/${v}`;
const release = fc.tuple(segment([PRODUCT]), segment(VERSIONS)).map(([p, v]) => `${P}/${p}/releases/${v}`);
const TICKABLE = [...['automation-passed', 'sanity-owner', 'exploratory'].map((i) => `staging/qa/${i}`), ...['branch-and-tag', 'release-notes'].map((i) => `staging/sre/${i}`)];
const itemPath = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('1.0.0', '1.1.0', '1.3.0'), fc.constantFrom(...TICKABLE)).map(([v, i]) => `${R(v)}/checklists/${i}`) },
  { weight: 3, arbitrary: fc.tuple(release, segment(RINGS), segment(ROLES), segment(ITEMS)).map(([r, ring, role, item]) => `${r}/checklists/${ring}/${role}/${item}`) },
);
const voteRelease = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('1.0.0', '1.1.0').map((v) => `${R(v)}/votes/production`) }, { weight: 3, arbitrary: fc.tuple(release, segment(RINGS)).map(([r, ring]) => `${r}/votes/${ring}`) });

const SPECS: Record<string, RouteSpec> = {
  'GET /api/products/:product/releases/:version/checklists': {
    path: () => fc.tuple(release, fc.option(segment(RINGS), { nil: undefined })).map(([r, ring]) => `${r}/checklists${ring === undefined ? '' : `?ring=${ring}`}`),
    examples: () => [{ path: `${R('1.0.0')}/checklists`, who: 'vic' }, { path: `${R('1.0.0')}/checklists?ring=staging`, who: 'ci' }],
  },
  'PUT /api/products/:product/releases/:version/checklists/:ring/:role/:item': {
    path: () => itemPath,
    body: payload(validOrNot(validTick, brokenTick)),
    examples: () => [{ path: `${R('1.1.0')}/checklists/staging/qa/automation-passed`, who: 'carol', body: { link: 'https://ci.example/1', file: { name: 'r.txt', contentBase64: 'aGk=' } } }],
  },
  'DELETE /api/products/:product/releases/:version/checklists/:ring/:role/:item': {
    path: () => itemPath,
    examples: () => [{ path: `${R('1.1.0')}/checklists/staging/qa/automation-passed`, who: 'sam' }],
  },
  'GET /api/products/:product/releases/:version/evidence/:file': {
    path: (files) => fc.tuple(release, segment(files)).map(([r, f]) => `${r}/evidence/${f}`),
    examples: (files) => [{ path: `${R('1.0.0')}/evidence/${files[0]}`, who: 'vic' }],
  },
  'GET /api/products/:product/releases/:version/votes': {
    path: () => release.map((r) => `${r}/votes`),
    examples: () => [{ path: `${R('1.0.0')}/votes`, who: 'ci' }],
  },
  'POST /api/products/:product/releases/:version/votes/:ring/open': {
    path: () => voteRelease.map((path) => `${path}/open`),
    body: payload(validOrNot(validOpen, brokenOpen)),
    examples: () => [{ path: `${R('1.1.0')}/votes/production/open`, who: 'alice', body: { closesAt: '2026-12-05T10:00:00Z' } }],
  },
  'POST /api/products/:product/releases/:version/votes/:ring': {
    path: () => voteRelease,
    body: payload(validOrNot(validCast, brokenCast)),
    examples: () => [{ path: `${R('1.0.0')}/votes/production`, who: 'carol', body: { vote: 'no-go', reason: 'flaky login' } }],
  },
};

for (const dialect of DIALECTS) {
  describe(`random input to the checklist and vote routes [${dialect}]`, () => {
    const clock = createTestClock('2026-12-04T10:00:00.000Z');
    let t: TestApp;
    let tokens: Record<string, string>;
    const files: string[] = [];
    const { ok } = apiCalls(() => t);

    const state = async () => ({
      ticks: await countRows(t, 'checklist_ticks'),
      files: await countRows(t, 'evidence_files'),
      rounds: await countRows(t, 'vote_rounds'),
      ballots: await countRows(t, 'ballots'),
      events: await countRows(t, 'events'),
    });

    async function probe(method: string, path: string, who: string, body: Payload | undefined): Promise<number> {
      const before = await state();
      const res = await t.request(method, path, { token: tokens[who], ...(body === undefined ? {} : { body: body.text, headers: { 'content-type': body.type } }) });
      const label = `${method} ${path.slice(0, 200)} as ${who} with ${body ? `${body.type} ${body.text.slice(0, 200)}` : 'no body'}`;
      assertWellFormedAnswer(label, res);
      if (res.status >= 400 || method === 'GET') {
        assert.deepEqual(await state(), before, `${label} answered ${res.status} but changed something: ${res.text.slice(0, 300)}`);
      }
      return res.status;
    }

    before(async () => {
      t = await createTestApp(dialect, { clock });
      tokens = await setUpPeople(t, VERSIONS);
      // 1.0.0: its vote open and a file attached; 1.2.0 rejected; 1.3.0's vote closed.
      await ok('POST', `${R('1.0.0')}/votes/production/open`, {}, tokens['alice']);
      const ticked = await ok('PUT', `${R('1.0.0')}/checklists/staging/qa/automation-passed`, { file: { name: 'report.txt', contentBase64: 'aGVsbG8=' } }, tokens['carol']);
      files.push(ticked.tick.file.id as string);
      await ok('POST', `${R('1.2.0')}/reject`, { reason: 'fuzz' });
      await ok('POST', `${R('1.3.0')}/votes/production/open`, { closesAt: '2026-12-04T10:00:01Z' }, tokens['alice']);
      clock.advance(2_000);
      const closed = await t.request('POST', `${R('1.3.0')}/votes/production`, { token: tokens['carol'], body: { vote: 'go' } });
      assert.equal(closed.status, 409, closed.text);
      // Decided now, so that the server's own upkeep has nothing left to write while requests are probed (the clock stands still).
      await decideClosedVotes(t.app.database.db, clock.now());
      const decided = await t.app.database.db.selectFrom('vote_rounds').select('decision').where('decision', 'is not', null).execute();
      assert.equal(decided.length, 1);
    });
    after(() => t.cleanup());

    it('fuzzes every checklist and vote route, and only those', () => {
      const ours = t.app.routes
        .filter((r) => r.method !== 'HEAD' && /\/(checklists|evidence|votes)(\/|$)/.test(r.url))
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual([...new Set(ours)].sort(), Object.keys(SPECS).sort());
    });

    for (const [key, spec] of Object.entries(SPECS)) {
      const [method] = key.split(' ') as [string, string];
      it(`${key}: never 5xx, refusals say why and change nothing`, async (ctx) => {
        for (const example of spec.examples(files)) {
          const status = await probe(method, example.path, example.who, example.body === undefined ? undefined : { text: JSON.stringify(example.body), type: 'application/json' });
          assert.ok(status < 300, `${method} ${example.path} as ${example.who}: ${status}`);
        }
        const answered = { ok: 0, refused: 0 };
        await fc.assert(
          fc.asyncProperty(spec.path(files), fc.oneof(fc.constantFrom(...WHO), fc.constantFrom('carol', 'dave', 'sam', 'alice')), spec.body ?? fc.constant(undefined), async (path, who, body) => {
            const status = await probe(method, path, who, body);
            answered[status < 400 ? 'ok' : 'refused']++;
          }),
          { numRuns: RUNS },
        );
        ctx.diagnostic(`${answered.ok} random requests answered 2xx, ${answered.refused} were refused`);
        assert.ok(answered.refused > 0, `${key}: no random request was refused`);
      });
    }

    it('kept the one evidence file readable and the rounds as they were', async () => {
      const votes = (await ok('GET', `${R('1.0.0')}/votes`)).rings as Json[];
      assert.equal(votes[0]!.openedBy, 'user:alice');
      const file = await t.app.http.inject({ method: 'GET', url: `${R('1.0.0')}/evidence/${files[0]}`, headers: { authorization: `Bearer ${tokens['vic']}` } });
      assert.equal(file.body, 'hello');
    });
  });
}
