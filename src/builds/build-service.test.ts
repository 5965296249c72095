import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { forEachDatabase } from '../../test/support/databases.ts';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { CI_PERMISSIONS, ROLE_PERMISSIONS } from '../auth/roles.ts';
import { listEvents } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import { createSecretBox } from '../platform/crypto/secret-box.ts';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../platform/errors/errors.ts';
import { createProductService } from '../products/product-service.ts';
import { findProduct } from '../products/product-store.ts';
import { checkCommits } from './build-commits.ts';
import { branchProblem, checkRegistration } from './build-rules.ts';
import { type BuildService, createBuildService, type RegisterBuildInput } from './build-service.ts';
import { buildsByIds, findBuild, findBuildDetail, latestGreenBuilds } from './build-store.ts';
import type { BuildCommit, StageResult } from './build-types.ts';

const EXAMPLE = readFileSync(new URL('../../examples/maya-online.yaml', import.meta.url), 'utf8');

const principal = (over: Partial<Principal>): Principal => ({
  tokenId: 't', kind: 'user', userId: 'u', actor: 'user:admin', role: 'admin', permissions: ROLE_PERMISSIONS.admin, product: null, target: null, ...over,
});
const ADMIN = principal({});
const CI = principal({ kind: 'ci', userId: null, actor: 'ci:maya-ci', role: null, permissions: CI_PERMISSIONS, product: 'maya-online' });
const OTHER_CI = principal({ kind: 'ci', userId: null, actor: 'ci:other-ci', role: null, permissions: CI_PERMISSIONS, product: 'other-product' });
const VIEWER = principal({ actor: 'user:vera', role: 'viewer', permissions: ROLE_PERMISSIONS.viewer });

const UNIT: StageResult = { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 };
const BUILD: StageResult = { name: 'build', status: 'passed' };
const API: RegisterBuildInput = {
  component: 'api',
  version: '1.4.0',
  commit: 'ABC1234DEF',
  artifacts: { image: 'registry.example.com/maya/api:1.4.0' },
  stages: [BUILD, UNIT],
};

/** A clock the test sets; each reading is one millisecond later, so registrations have an order. */
function testClock(start: string): Clock & { set(iso: string): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t++), set: (iso) => void (t = Date.parse(iso)) };
}

describe('build registration rules', () => {
  it('names the unknown component, the known ones and the likely one', () => {
    assert.throws(() => checkRegistration('maya-online', ['api', 'web', 'worker'], { ...API, component: 'apii' }), (e: InputError) =>
      e instanceof InputError && e.message === "maya-online has no component 'apii' (did you mean 'api'?); components are api, web, worker");
  });

  it('takes strict semver only', () => {
    for (const good of ['1.4.0', '0.0.1', '1.4.0-rc.1', '1.4.0+build.7', '10.20.30-alpha.1+sha.5114f85']) {
      assert.equal(checkRegistration('p', ['api'], { ...API, version: good }).version, good);
    }
    for (const bad of ['v1.4.0', '=1.4.0', '1.4', '1.4.0 ', ' 1.4.0', '01.4.0', 'latest', '1.4.0-', `1.4.0-${'a'.repeat(64)}`]) {
      assert.throws(() => checkRegistration('p', ['api'], { ...API, version: bad }), /is not a semantic version: use MAJOR\.MINOR\.PATCH/, bad);
    }
  });

  it('takes plausible git branches only', () => {
    for (const good of ['main', 'release/1.4', 'feature/JIRA-12_x', 'v1.x']) assert.equal(branchProblem(good), null, good);
    const bad: [string, RegExp][] = [['a b', /space/], ['a..b', /'\.\.'/], ['a\u0007b', /control/], ['-x', /starts with '-'/], ['x/', /empty part/], ['a:b', /':'/], ['x.lock', /\.lock/], ['', /1 to 255/], ['a'.repeat(256), /1 to 255/]];
    for (const [branch, reason] of bad) assert.match(branchProblem(branch) ?? '', reason, branch);
    assert.throws(() => checkRegistration('p', ['api'], { ...API, branch: 'my branch' }), /^InputError: branch 'my branch' is not a valid git branch name: it contains a space$/);
  });

  it('refuses a stage reported twice and lower-cases the commit', () => {
    assert.throws(() => checkRegistration('p', ['api'], { ...API, stages: [BUILD, UNIT, { ...BUILD, status: 'failed' }] }), /stages: 'build' is reported twice/);
    assert.equal(checkRegistration('p', ['api'], API).commit, 'abc1234def');
    const stages = Array.from({ length: 51 }, (_, i) => ({ name: `s${i}`, status: 'passed' as const }));
    assert.throws(() => checkRegistration('p', ['api'], { ...API, stages }), /^InputError: stages: at most 50 stages are allowed, got 51$/);
  });

  it('keeps commits as given, sha lower-cased, and names the first bad one', () => {
    const good: BuildCommit = { sha: 'ABCDEF1', message: 'feat: x\n\nbody', author: 'Ada', email: 'ada@example.com' };
    assert.deepEqual(checkRegistration('p', ['api'], { ...API, commits: [good] }).commits, [{ ...good, sha: 'abcdef1' }]);
    assert.equal(checkRegistration('p', ['api'], API).commits, null, 'no commits given is not an empty list');
    const commit = (over: Partial<BuildCommit>, i = 0): BuildCommit => ({ ...good, sha: (0xabcdef0 + i).toString(16), ...over });
    const bad: [BuildCommit[], RegExp][] = [
      [[commit({ sha: 'xyz1234' })], /^commits\.0\.sha: 'xyz1234' is not a commit sha: use 7 to 40 hex digits$/],
      [[commit({ sha: 'abc12' })], /'abc12' is not a commit sha/],
      [[commit({ sha: 'a'.repeat(41) })], /is not a commit sha/],
      [[commit({}), commit({ sha: 'ABCDEF0' })], /^commits\.1\.sha: commit abcdef0 is listed twice; list each commit once$/],
      [[commit({ message: 'x'.repeat(64 * 1024 + 1) })], /^commits\.0\.message: the message of abcdef0 takes 65537 bytes; at most 65536 \(64 KiB\) are allowed$/],
      [[commit({ message: 'é'.repeat(33 * 1024) })], /takes 67584 bytes/],
      [[commit({ message: 'a\u0000b' })], /holds a NUL character/],
      [[commit({ author: 'Ada\nEvil' })], /^commits\.0\.author: the author of abcdef0 must be at most 255 characters on one line$/],
      [[commit({ email: 'e'.repeat(256) })], /commits\.0\.email: the email of abcdef0 must be at most 255/],
      [[{ sha: 'abcdef0', message: 7, author: 'a', email: 'e' } as unknown as BuildCommit], /^commits\.0\.message: expected text$/],
      [Array.from({ length: 1001 }, (_, i) => commit({}, i)), /^commits: at most 1000 commits are allowed, got 1001; register a narrower range$/],
    ];
    for (const [commits, message] of bad) assert.throws(() => checkCommits(commits), (e: Error) => e instanceof InputError && message.test(e.message), String(message));
    assert.equal(checkCommits(Array.from({ length: 1000 }, (_, i) => commit({}, i))).length, 1000);
    assert.equal(checkCommits([commit({ message: 'x'.repeat(64 * 1024) })]).length, 1);
  });
});

forEachDatabase<Database>('build service', (t) => {
  let builds: BuildService;
  let productId: string;
  const clock = testClock('2026-11-23T10:00:00.000Z');
  const events = async (type = 'build.') => listEvents(t.db, { after: 0, limit: 1000, type });

  before(async () => {
    const products = createProductService(t.db, clock, createSecretBox(randomBytes(32)));
    await products.apply(ADMIN, { source: EXAMPLE, fileName: 'maya-online.yaml', dryRun: false });
    await products.apply(ADMIN, { source: EXAMPLE.replace('product: maya-online', 'product: other-product'), fileName: 'other.yaml', dryRun: false });
    productId = (await findProduct(t.db, 'maya-online'))!.id;
    builds = createBuildService(t.db, clock);
  });

  it('registers a new build with its artifact name, green state and one event', async () => {
    const { build, outcome } = await builds.register(CI, 'maya-online', API);
    assert.equal(outcome, 'created');
    assert.equal(build.artifact, 'api-1-4-0-abc1234');
    assert.equal(build.commit, 'abc1234def');
    assert.equal(build.branch, 'main');
    assert.equal(build.green, true);
    assert.equal(build.createdBy, 'ci:maya-ci');
    assert.deepEqual(build.stages, [BUILD, UNIT]);
    assert.deepEqual(build.commits, []);
    assert.deepEqual(await findBuildDetail(t.db, productId, 'api', '1.4.0'), build);
    const { commits: _commits, ...listed } = build;
    assert.deepEqual(await findBuild(t.db, productId, 'api', '1.4.0'), listed, 'lists and releases read builds without their commits');

    const [event, ...more] = await events();
    assert.equal(more.length, 0);
    assert.equal(event!.type, 'build.registered');
    assert.equal(event!.actor, 'ci:maya-ci');
    assert.equal(event!.subject, 'build/maya-online/api/1.4.0');
    assert.equal(event!.summary, 'ci:maya-ci registered api 1.4.0 (api-1-4-0-abc1234) on main: green');
    assert.deepEqual(event!.data, { product: 'maya-online', component: 'api', version: '1.4.0', commit: 'abc1234def', branch: 'main', artifact: 'api-1-4-0-abc1234', green: true, commits: 0 });
  });

  it('answers the same registration, or part of it, as unchanged without writing', async () => {
    const before = await findBuildDetail(t.db, productId, 'api', '1.4.0');
    for (const again of [API, { ...API, commit: 'abc1234def', branch: 'main' }, { component: 'api', version: '1.4.0', commit: 'abc1234' }, { ...API, stages: [UNIT] }]) {
      const { build, outcome } = await builds.register(CI, 'maya-online', again);
      assert.equal(outcome, 'unchanged', JSON.stringify(again));
      assert.deepEqual(build, before);
    }
    assert.equal((await events()).length, 1);
  });

  it('merges later stage results by name and new artifact kinds, as updates', async () => {
    const running = await builds.register(CI, 'maya-online', { component: 'api', version: '1.4.0', commit: 'abc1234', stages: [{ name: 'e2e-tests', status: 'running' }] });
    assert.equal(running.outcome, 'updated');
    assert.deepEqual(running.build.stages.map((s) => `${s.name}:${s.status}`), ['build:passed', 'unit-tests:passed', 'e2e-tests:running']);
    assert.equal(running.build.green, false);

    const passed = await builds.register(CI, 'maya-online', {
      component: 'api', version: '1.4.0', commit: 'abc1234',
      stages: [{ name: 'e2e-tests', status: 'passed', tests: { passed: 40, failed: 0, skipped: 0 } }],
      artifacts: { image: 'registry.example.com/maya/api:1.4.0', chart: 'oci://charts.example.com/maya/api:1.4.0' },
    });
    assert.equal(passed.outcome, 'updated');
    assert.equal(passed.build.green, true);
    assert.deepEqual(passed.build.artifacts, { image: 'registry.example.com/maya/api:1.4.0', chart: 'oci://charts.example.com/maya/api:1.4.0' });
    assert.equal(passed.build.createdAt, running.build.createdAt);
    assert.ok(passed.build.updatedAt > running.build.updatedAt);

    const updates = await events('build.updated');
    assert.deepEqual(updates.map((e) => e.summary), [
      'ci:maya-ci updated api 1.4.0 (api-1-4-0-abc1234): stage e2e-tests running; red: e2e-tests running',
      'ci:maya-ci updated api 1.4.0 (api-1-4-0-abc1234): artifact chart added, stage e2e-tests running → passed; green',
    ]);
    assert.equal(updates[1]!.data['green'], true);
    assert.deepEqual(await findBuildDetail(t.db, productId, 'api', '1.4.0'), passed.build);
  });

  it('refuses another commit, another branch or another artifact value, writing nothing', async () => {
    const before = await findBuildDetail(t.db, productId, 'api', '1.4.0');
    const count = (await events()).length;
    await assert.rejects(builds.register(CI, 'maya-online', { ...API, commit: 'def5678' }), (e: Error) =>
      e instanceof ConflictError && e.message === 'api 1.4.0 was registered from commit abc1234; a build of the same version from def5678 is refused: bump the version');
    await assert.rejects(builds.register(CI, 'maya-online', { ...API, branch: 'release/1.4' }), (e: Error) =>
      e instanceof ConflictError && /registered on branch 'main'; registering it on branch 'release\/1\.4' is refused/.test(e.message));
    await assert.rejects(builds.register(CI, 'maya-online', { ...API, artifacts: { image: 'registry.example.com/maya/api:other' } }), (e: Error) =>
      e instanceof ConflictError && /already has artifact image 'registry\.example\.com\/maya\/api:1\.4\.0'; another image 'registry\.example\.com\/maya\/api:other' is refused/.test(e.message));
    assert.deepEqual(await findBuildDetail(t.db, productId, 'api', '1.4.0'), before);
    assert.equal((await events()).length, count);
  });

  it('takes the full sha of a build registered with a short one', async () => {
    await builds.register(CI, 'maya-online', { component: 'worker', version: '2.0.0', commit: 'abc1234', stages: [BUILD] });
    const full = await builds.register(CI, 'maya-online', { component: 'worker', version: '2.0.0', commit: 'abc1234def5678', stages: [BUILD] });
    assert.equal(full.outcome, 'updated');
    assert.equal(full.build.commit, 'abc1234def5678');
    assert.equal((await builds.register(CI, 'maya-online', { component: 'worker', version: '2.0.0', commit: 'ABC1234' })).outcome, 'unchanged');
  });

  it('refuses unknown components, bad versions and too many merged stages with the field named', async () => {
    const count = (await events()).length;
    await assert.rejects(builds.register(CI, 'maya-online', { ...API, component: 'apii' }), (e: Error) =>
      e instanceof InputError && e.message === "maya-online has no component 'apii' (did you mean 'api'?); components are api, db-migrations, web, worker");
    await assert.rejects(builds.register(CI, 'maya-online', { ...API, version: 'v1.5.0' }), /^InputError: version 'v1\.5\.0' is not a semantic version/);
    const many = (from: number) => Array.from({ length: 30 }, (_, i) => ({ name: `s${from + i}`, status: 'passed' as const }));
    await builds.register(CI, 'maya-online', { component: 'web', version: '1.0.0', commit: 'abcdef1', stages: many(0) });
    await assert.rejects(builds.register(CI, 'maya-online', { component: 'web', version: '1.0.0', commit: 'abcdef1', stages: many(30) }), /stages: web 1\.0\.0 would have 60 stages; at most 50/);
    assert.equal((await events()).length, count + 1);
  });

  it('hides other products from a CI token and refuses callers without the permission', async () => {
    await assert.rejects(builds.register(OTHER_CI, 'maya-online', API), (e: Error) => e instanceof NotFoundError && e.message === "product 'maya-online' does not exist");
    await assert.rejects(builds.register(CI, 'other-product', API), NotFoundError);
    await assert.rejects(builds.list(CI, 'other-product', { limit: 10 }), NotFoundError);
    await assert.rejects(builds.register(ADMIN, 'nope', API), /product 'nope' does not exist/);
    await assert.rejects(builds.register(VIEWER, 'maya-online', API), (e: Error) => e instanceof NotAllowedError && e.message === "role 'viewer' may not register builds");
    assert.equal((await builds.get(VIEWER, 'maya-online', 'api', '1.4.0')).artifact, 'api-1-4-0-abc1234');
    await assert.rejects(builds.get(VIEWER, 'maya-online', 'api', '9.9.9'), /maya-online has no build api 9\.9\.9/);
  });

  it('lists newest first, filtered by component and branch, up to the limit', async () => {
    await builds.register(CI, 'maya-online', { component: 'api', version: '1.5.0-rc.1', commit: 'fedcba9', branch: 'release/1.5', stages: [BUILD] });
    const all = await builds.list(VIEWER, 'maya-online', { limit: 100 });
    assert.deepEqual(all.map((b) => `${b.component} ${b.version}`), ['api 1.5.0-rc.1', 'web 1.0.0', 'worker 2.0.0', 'api 1.4.0']);
    assert.deepEqual((await builds.list(VIEWER, 'maya-online', { component: 'api', limit: 100 })).map((b) => b.version), ['1.5.0-rc.1', '1.4.0']);
    assert.deepEqual((await builds.list(VIEWER, 'maya-online', { branch: 'release/1.5', limit: 100 })).map((b) => b.version), ['1.5.0-rc.1']);
    assert.equal((await builds.list(VIEWER, 'maya-online', { limit: 2 })).length, 2);
    assert.deepEqual(await builds.list(VIEWER, 'other-product', { limit: 10 }), []);
  });

  it('finds the latest green build of each component on a branch, skipping red ones', async () => {
    const reg = (component: string, version: string, branch: string, stages: StageResult[], at: string) => {
      clock.set(at);
      return builds.register(ADMIN, 'maya-online', { component, version, commit: '1234567', branch, stages });
    };
    await reg('db-migrations', '3.0.0', 'train', [BUILD], '2026-11-24T09:00:00.000Z');
    await reg('db-migrations', '3.1.0', 'train', [BUILD, { ...UNIT, status: 'failed' }], '2026-11-24T10:00:00.000Z');
    await reg('db-migrations', '3.2.0', 'other', [BUILD], '2026-11-24T11:00:00.000Z');
    await reg('worker', '5.0.0', 'train', [BUILD], '2026-11-24T09:00:00.000Z');
    // Registered at the same instant: semver decides.
    await reg('worker', '5.0.2', 'train', [BUILD], '2026-11-24T12:00:00.000Z');
    await reg('worker', '5.0.10', 'train', [BUILD], '2026-11-24T12:00:00.000Z');
    await reg('web', '7.0.0', 'train', [{ ...BUILD, status: 'running' }], '2026-11-24T13:00:00.000Z');
    await reg('web', '6.9.0', 'train', [BUILD, { name: 'lint', status: 'skipped' }], '2026-11-24T08:00:00.000Z');
    await reg('api', '8.0.0', 'train', [], '2026-11-24T14:00:00.000Z');

    const latest = await latestGreenBuilds(t.db, productId, 'train');
    assert.deepEqual(Object.fromEntries([...latest].map(([c, b]) => [c, b.version])), { 'db-migrations': '3.0.0', worker: '5.0.10', web: '6.9.0' });
    assert.equal(latest.get('worker')!.product, 'maya-online');
    assert.deepEqual([...(await latestGreenBuilds(t.db, productId, 'other')).keys()], ['db-migrations']);
    assert.equal((await latestGreenBuilds(t.db, productId, 'nope')).size, 0);

    // A red build that turns green counts from when it was registered.
    await reg('db-migrations', '3.1.0', 'train', [{ ...UNIT, status: 'passed' }], '2026-11-24T15:00:00.000Z');
    assert.equal((await latestGreenBuilds(t.db, productId, 'train')).get('db-migrations')!.version, '3.1.0');

    const ids = [...latest.values()].map((b) => b.id);
    const byId = await buildsByIds(t.db, [...ids, ids[0]!, 'missing']);
    assert.deepEqual(byId.map((b) => b.id).sort(), [...ids].sort());
    assert.deepEqual(await buildsByIds(t.db, []), []);
  });

  it('keeps the commits a build carries: shown on the build, left out of lists, fixed once given', async () => {
    const commits: BuildCommit[] = [
      { sha: 'c0ffee1', message: 'feat(api): search\n\nRefs ABC-1', author: 'Ada', email: 'ada@example.com' },
      { sha: 'c0ffee0', message: 'fix: typo', author: 'Bob', email: 'bob@example.com' },
    ];
    const created = await builds.register(CI, 'maya-online', { component: 'api', version: '3.0.0', commit: 'c0ffee1', stages: [BUILD], commits });
    assert.equal(created.outcome, 'created');
    assert.deepEqual(created.build.commits, commits);
    assert.deepEqual((await builds.get(VIEWER, 'maya-online', 'api', '3.0.0')).commits, commits);
    const listed = (await builds.list(VIEWER, 'maya-online', { component: 'api', limit: 100 })).find((b) => b.version === '3.0.0')!;
    assert.equal('commits' in listed, false, 'lists leave the commits out');
    assert.equal((await events()).at(-1)!.data['commits'], 2);

    assert.equal((await builds.register(CI, 'maya-online', { component: 'api', version: '3.0.0', commit: 'c0ffee1', commits })).outcome, 'unchanged');
    assert.equal((await builds.register(CI, 'maya-online', { component: 'api', version: '3.0.0', commit: 'c0ffee1', commits: [] })).outcome, 'unchanged');
    const count = (await events()).length;
    await assert.rejects(builds.register(CI, 'maya-online', { component: 'api', version: '3.0.0', commit: 'c0ffee1', commits: commits.slice(1) }), (e: Error) =>
      e instanceof ConflictError && e.message === "api 3.0.0 already carries 2 commit(s); another list of 1 is refused: a build's commits do not change, register the same range or bump the version");
    await assert.rejects(builds.register(CI, 'maya-online', { component: 'api', version: '3.0.1', commit: 'c0ffee1', commits: [commits[0]!, commits[0]!] }), /commits\.1\.sha: commit c0ffee1 is listed twice/);
    assert.equal((await events()).length, count);
    assert.deepEqual((await builds.get(VIEWER, 'maya-online', 'api', '3.0.0')).commits, commits);
    assert.equal(await findBuild(t.db, productId, 'api', '3.0.1'), undefined);

    // A build registered before its commits were known takes them later, once.
    await builds.register(CI, 'maya-online', { component: 'worker', version: '3.0.0', commit: 'c0ffee1', stages: [BUILD] });
    const later = await builds.register(CI, 'maya-online', { component: 'worker', version: '3.0.0', commit: 'c0ffee1', commits });
    assert.equal(later.outcome, 'updated');
    assert.deepEqual(later.build.commits, commits);
    assert.match((await events('build.updated')).at(-1)!.summary, /: 2 commits added; green$/);
  });

  it('lets identical registrations race: one creates, the others find it unchanged', async () => {
    const count = (await events()).length;
    const input: RegisterBuildInput = { component: 'api', version: '9.0.0', commit: 'aaaaaaa', stages: [BUILD] };
    const results = await Promise.all(Array.from({ length: 6 }, () => builds.register(CI, 'maya-online', input)));
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['created', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    assert.equal(new Set(results.map((r) => r.build.id)).size, 1);
    assert.equal((await events()).length, count + 1);
  });

  it('lets stage reports of one new build race without losing any', async () => {
    const stages = ['build', 'unit-tests', 'static-analysis', 'publish', 'e2e-tests'];
    const results = await Promise.all(stages.map((name) => builds.register(CI, 'maya-online', { component: 'web', version: '9.0.0', commit: 'bbbbbbb', stages: [{ name, status: 'passed' }] })));
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['created', 'updated', 'updated', 'updated', 'updated']);
    const stored = await findBuild(t.db, productId, 'web', '9.0.0');
    assert.deepEqual(stored!.stages.map((s) => s.name).sort(), [...stages].sort());
    assert.equal((await events()).filter((e) => e.subject === 'build/maya-online/web/9.0.0').length, 5);
  });
});
