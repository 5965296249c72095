/**
 * The builds API end to end on both engines: who may register, what is refused
 * (and that a refusal writes nothing), idempotent re-registration, and random
 * bodies that must never make the server fail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Build, RegisterBuildOutcome } from '../../src/client/api-types.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const EXAMPLE = readFileSync(new URL('../../examples/maya-online.yaml', import.meta.url), 'utf8');
const BUILDS = '/api/products/maya-online/builds';

type ErrorAnswer = { error: { code: string; message: string; details: Record<string, unknown>[] } };
type EventAnswer = { events: { id: number; type: string; actor: string; subject: string; summary: string; data: Record<string, unknown> }[] };

const VALID = {
  component: 'api',
  version: '1.4.0',
  commit: 'abc1234def5678',
  branch: 'main',
  artifacts: { image: 'registry.example.com/maya/api:1.4.0', chart: 'oci://charts.example.com/maya/api:1.4.0' },
  stages: [
    { name: 'build', status: 'passed' },
    { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 },
    { name: 'static-analysis', status: 'passed', vulnerabilities: { critical: 0, high: 2 }, url: 'https://ci.example.com/jobs/1' },
  ],
};

async function setUp(dialect: (typeof DIALECTS)[number]) {
  const t = await createTestApp(dialect);
  const admin = (method: string, url: string, body?: unknown) => t.request(method, url, { token: t.adminToken, body });
  for (const source of [EXAMPLE, EXAMPLE.replace('product: maya-online', 'product: other-product')]) {
    assert.equal((await admin('POST', '/api/products/apply', { source })).status, 200);
  }
  const secret = async (body: Record<string, unknown>) => ((await admin('POST', '/api/tokens', body)).body as { secret: string }).secret;
  assert.equal((await admin('POST', '/api/users', { name: 'vera', role: 'viewer' })).status, 201);
  return {
    t,
    ci: await secret({ name: 'maya-ci', kind: 'ci', product: 'maya-online' }),
    otherCi: await secret({ name: 'other-ci', kind: 'ci', product: 'other-product' }),
    viewer: await secret({ name: 'vera-laptop', user: 'vera' }),
  };
}

async function eventsAfter(t: TestApp, after: number): Promise<EventAnswer['events']> {
  return ((await t.request('GET', `/api/events?after=${after}&limit=1000`, { token: t.adminToken })).body as EventAnswer).events;
}

async function lastEventId(t: TestApp): Promise<number> {
  return (await eventsAfter(t, 0)).at(-1)?.id ?? 0;
}

for (const dialect of DIALECTS) {
  describe(`builds API [${dialect}]`, () => {
    let t: TestApp;
    let ci: string;
    let otherCi: string;
    let viewer: string;
    let start: number;
    const post = (body: unknown, token = ci, url = BUILDS) => t.request('POST', url, { token, body });
    const list = async (query = '', token = t.adminToken) => {
      const res = await t.request('GET', `${BUILDS}${query}`, { token });
      assert.equal(res.status, 200, res.text);
      return (res.body as { builds: Build[] }).builds;
    };
    const refused = async (body: unknown, status: number, message: RegExp, token = ci) => {
      const res = await post(body, token);
      assert.equal(res.status, status, res.text);
      assert.match((res.body as ErrorAnswer).error.message, message);
      return (res.body as ErrorAnswer).error;
    };

    before(async () => {
      ({ t, ci, otherCi, viewer } = await setUp(dialect));
      start = await lastEventId(t);
    });
    after(() => t.cleanup());

    it('refuses callers who may not register, and products the token does not see, as if missing', async () => {
      await refused(VALID, 403, /^role 'viewer' may not register builds$/, viewer);
      await refused(VALID, 404, /^product 'maya-online' does not exist$/, otherCi);
      assert.equal((await t.request('GET', BUILDS, { token: otherCi })).status, 404);
      assert.equal((await post(VALID, t.adminToken, '/api/products/nope/builds')).status, 404);
      assert.equal((await t.request('POST', BUILDS, { body: VALID })).status, 401);
    });

    it('refuses bad input with the field and the allowed form', async () => {
      const component = await refused({ ...VALID, component: 'apii' }, 400, /^maya-online has no component 'apii' \(did you mean 'api'\?\); components are api, db-migrations, web, worker$/);
      assert.equal(component.code, 'unknown_component');
      const version = await refused({ ...VALID, version: 'v1.4.0' }, 400, /^version 'v1\.4\.0' is not a semantic version: use MAJOR\.MINOR\.PATCH/);
      assert.deepEqual(version.details, [{ field: 'version', value: 'v1.4.0' }]);
      await refused({ ...VALID, version: '1.4' }, 400, /not a semantic version/);
      await refused({ ...VALID, commit: 'xyz' }, 400, /^body\.commit: must match pattern/);
      await refused({ ...VALID, branch: 'a..b' }, 400, /^branch 'a\.\.b' is not a valid git branch name: it contains '\.\.'$/);
      await refused({ ...VALID, stages: [{ name: 'unit-tests', status: 'green' }] }, 400, /^body\.stages\.0\.status: must be one of passed, failed, skipped, running$/);
      await refused({ ...VALID, stages: [{ name: 'unit-tests', status: 'passed', coverage: 120 }] }, 400, /^body\.stages\.0\.coverage: must be <= 100$/);
      await refused({ ...VALID, stages: [{ name: 'unit-tests', status: 'passed', tests: { passed: -1, failed: 0, skipped: 0 } }] }, 400, /^body\.stages\.0\.tests\.passed: must be >= 0$/);
      await refused({ ...VALID, stages: [{ name: 'bad name', status: 'passed' }] }, 400, /^body\.stages\.0\.name: must match pattern/);
      await refused({ ...VALID, stages: [{ name: 'build', status: 'passed' }, { name: 'build', status: 'failed' }] }, 400, /^stages: 'build' is reported twice/);
      await refused({ ...VALID, stages: [{ name: 'build', status: 'passed', colour: 'red' }] }, 400, /must NOT have additional properties \('colour'\)$/);
      await refused({ ...VALID, artifacts: { Image: 'x' } }, 400, /^body\.artifacts: must NOT have additional properties \('Image'\)$/);
      await refused({ ...VALID, artifacts: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`kind${i}`, 'ref'])) }, 400, /^body\.artifacts: must NOT have more than 16 properties$/);
      await refused({ ...VALID, extra: true }, 400, /additional properties \('extra'\)$/);
      await refused({ ...VALID, stages: Array.from({ length: 51 }, (_, i) => ({ name: `s${i}`, status: 'passed' })) }, 400, /^body\.stages: must NOT have more than 50 items$/);
    });

    it('wrote nothing for any of those refusals', async () => {
      assert.deepEqual(await list(), []);
      assert.deepEqual(await eventsAfter(t, start), []);
    });

    it('registers a build from the product CI token: 201, then 200 unchanged, then 200 updated', async () => {
      const created = await post(VALID);
      assert.equal(created.status, 201, created.text);
      const outcome = created.body as RegisterBuildOutcome;
      assert.equal(outcome.outcome, 'created');
      assert.equal(outcome.build.artifact, 'api-1-4-0-abc1234');
      assert.equal(outcome.build.product, 'maya-online');
      assert.equal(outcome.build.green, true);
      assert.equal(outcome.build.createdBy, 'ci:maya-ci');
      assert.deepEqual(outcome.build.stages, VALID.stages);
      assert.deepEqual(outcome.build.artifacts, VALID.artifacts);

      const again = await post(VALID);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { build: outcome.build, outcome: 'unchanged' });

      const e2e = await post({ component: 'api', version: '1.4.0', commit: 'abc1234def5678', stages: [{ name: 'e2e-tests', status: 'failed', tests: { passed: 30, failed: 2, skipped: 0 } }] });
      assert.equal(e2e.status, 200, e2e.text);
      const updated = e2e.body as RegisterBuildOutcome;
      assert.equal(updated.outcome, 'updated');
      assert.equal(updated.build.green, false);
      assert.deepEqual(updated.build.stages.map((s) => s.name), ['build', 'unit-tests', 'static-analysis', 'e2e-tests']);

      const events = await eventsAfter(t, start);
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.subject]), [
        ['build.registered', 'ci:maya-ci', 'build/maya-online/api/1.4.0'],
        ['build.updated', 'ci:maya-ci', 'build/maya-online/api/1.4.0'],
      ]);
      assert.equal(events[0]!.summary, 'ci:maya-ci registered api 1.4.0 (api-1-4-0-abc1234) on main: green');
      assert.equal(events[1]!.summary, 'ci:maya-ci updated api 1.4.0 (api-1-4-0-abc1234): stage e2e-tests failed; red: e2e-tests failed');
    });

    it('refuses the same version from another commit with 409, writing nothing', async () => {
      const before = await lastEventId(t);
      const error = await refused({ ...VALID, commit: 'def5678' }, 409, /^api 1\.4\.0 was registered from commit abc1234; a build of the same version from def5678 is refused: bump the version$/);
      assert.equal(error.code, 'conflict');
      await refused({ ...VALID, artifacts: { image: 'registry.example.com/maya/api:latest' } }, 409, /already has artifact image/);
      assert.equal(await lastEventId(t), before);
    });

    it('lists and gets builds for readers of the product', async () => {
      assert.equal((await post({ component: 'web', version: '2.0.0-rc.1', commit: 'ABCDEF0', branch: 'release/2.0' }, t.adminToken)).status, 201);
      assert.deepEqual((await list('', viewer)).map((b) => `${b.component} ${b.version}`), ['web 2.0.0-rc.1', 'api 1.4.0']);
      assert.deepEqual((await list('?component=api', ci)).map((b) => b.version), ['1.4.0']);
      assert.deepEqual((await list('?branch=release%2F2.0')).map((b) => b.artifact), ['web-2-0-0-rc.1-abcdef0']);
      assert.equal((await list('?limit=1')).length, 1);
      assert.equal((await t.request('GET', `${BUILDS}?limit=0`, { token: viewer })).status, 400);
      assert.equal((await t.request('GET', `${BUILDS}?color=red`, { token: viewer })).status, 400);

      const one = await t.request('GET', `${BUILDS}/web/2.0.0-rc.1`, { token: ci });
      assert.equal(one.status, 200, one.text);
      assert.equal((one.body as Build).commit, 'abcdef0');
      assert.equal((one.body as Build).green, false);
      const missing = await t.request('GET', `${BUILDS}/web/9.9.9`, { token: ci });
      assert.equal(missing.status, 404);
      assert.equal((missing.body as ErrorAnswer).error.message, 'maya-online has no build web 9.9.9');
    });

    it('answers concurrent identical registrations without a failure', async () => {
      const body = { ...VALID, version: '3.0.0' };
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 201]);
      assert.deepEqual(answers.map((a) => (a.body as RegisterBuildOutcome).outcome).sort(), ['created', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    });
  });

  describe(`random build registrations [${dialect}]`, () => {
    let t: TestApp;
    let ci: string;
    before(async () => ({ t, ci } = await setUp(dialect)));
    after(() => t.cleanup());

    const hex = fc.stringMatching(/^[0-9a-fA-F]{7,40}$/);
    /** Mostly the valid choice, sometimes a wrong one: most bodies are near-valid, so the service (not only the schema) is exercised. */
    const mostly = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: wrong, weight: 1 });
    // Few versions and commits, so registrations meet again: unchanged, updated and conflicting.
    const version = fc.constantFrom('1.0.0', '1.0.1', '2.0.0-rc.1', '2.0.0+build.7');
    const stage = fc.record(
      {
        name: mostly(fc.constantFrom('build', 'unit-tests', 'e2e-tests', 'publish'), fc.string({ maxLength: 70 })),
        status: mostly(fc.constantFrom('passed', 'failed', 'skipped', 'running'), fc.string({ maxLength: 8 })),
        tests: mostly(fc.record({ passed: fc.nat(500), failed: fc.nat(3), skipped: fc.nat(3) }), fc.oneof(fc.record({ passed: fc.integer(), failed: fc.double(), skipped: fc.nat() }), fc.anything())),
        coverage: mostly(fc.double({ min: 0, max: 100, noNaN: true }), fc.oneof(fc.double(), fc.anything())),
        vulnerabilities: mostly(fc.dictionary(fc.constantFrom('critical', 'high', 'medium', 'low'), fc.nat(5)), fc.dictionary(fc.string({ maxLength: 9 }), fc.integer({ min: -3, max: 3 }))),
        url: mostly(fc.webUrl(), fc.string({ maxLength: 30 })),
      },
      { requiredKeys: ['name', 'status'] },
    );
    const nearValid = fc.record(
      {
        component: mostly(fc.constantFrom('api', 'web', 'worker', 'db-migrations'), fc.oneof(fc.constantFrom('apii', 'API', ''), fc.string({ maxLength: 70 }))),
        version: mostly(version, fc.oneof(fc.constantFrom('v1.0.0', '1.0', '1.0.0+build.1', '01.0.0', '1.0.0-'), fc.string({ maxLength: 70 }))),
        commit: mostly(fc.constantFrom('abc1234', 'ABC1234def', 'def5678'), fc.oneof(hex, fc.string({ maxLength: 70 }))),
        branch: mostly(fc.constantFrom('main', 'release/1.0'), fc.oneof(fc.constantFrom('a..b', 'x y', '-x', 'a'.repeat(256)), fc.string({ maxLength: 40 }))),
        artifacts: mostly(
          fc.dictionary(fc.constantFrom('image', 'chart', 'sbom'), fc.constantFrom('registry.example.com/a:1', 'registry.example.com/a:2')),
          fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 40 }), { maxKeys: 18 }), fc.anything()),
        ),
        stages: mostly(fc.array(stage, { maxLength: 4 }), fc.anything()),
      },
      { requiredKeys: ['component', 'version', 'commit'] },
    );
    const payload = fc.oneof(
      fc.anything(),
      fc.jsonValue({ maxDepth: 4 }),
      { arbitrary: nearValid, weight: 4 },
      fc.tuple(nearValid, fc.constantFrom('extra', '__proto__', 'constructor'), fc.anything()).map(([b, key, value]) => ({ ...b, [key]: value })),
    );

    it('never answers 5xx, and writes only build events', async () => {
      const start = await lastEventId(t);
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(payload, fc.boolean(), async (body, useCi) => {
          const before = await lastEventId(t);
          // JSON.stringify(undefined) is undefined: that sends the text 'undefined', malformed JSON.
          const text = JSON.stringify(body) as string | undefined;
          const res = await t.request('POST', BUILDS, { token: useCi ? ci : t.adminToken, body: text ?? String(body), headers: { 'content-type': 'application/json' } });
          assert.ok(res.status < 500, `answered ${res.status}: ${res.text}`);
          const outcome = res.status >= 400 ? String(res.status) : (res.body as RegisterBuildOutcome).outcome;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (res.status >= 400) {
            const error = (res.body as ErrorAnswer).error;
            assert.ok(typeof error.code === 'string' && error.message.length > 0, res.text);
            assert.equal(await lastEventId(t), before, `refused with ${res.status} but wrote an event`);
          } else {
            assert.ok([200, 201].includes(res.status), res.text);
            assert.match(outcome, /^(created|updated|unchanged)$/);
          }
        }),
        { numRuns: 300 },
      );
      // The bodies reached the service often enough to create, update and conflict.
      for (const kind of ['created', 'updated', '400', '409']) assert.ok((outcomes.get(kind) ?? 0) > 0, `no ${kind} among ${JSON.stringify([...outcomes])}`);
      const written = await eventsAfter(t, start);
      assert.deepEqual(written.filter((e) => !e.type.startsWith('build.')), []);
      // Every build event matches a stored build.
      const builds = ((await t.request('GET', `${BUILDS}?limit=1000`, { token: t.adminToken })).body as { builds: Build[] }).builds;
      const subjects = new Set(builds.map((b) => `build/maya-online/${b.component}/${b.version}`));
      assert.ok(written.every((e) => subjects.has(e.subject)));
    });
  });
}
