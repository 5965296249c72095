import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { apiCalls, buildBody, createWorkspace, type Json, productFile, type Workspace } from './engine-fixture.ts';


for (const dialect of DIALECTS) {
  describe(`a release travels through the rings [${dialect}]`, () => {
    const clock = createTestClock();
    const ws: Workspace = createWorkspace();
    let t: TestApp;
    let rita: string;
    const { call, ok } = apiCalls(() => t);
    const release = (v: string) => ok('GET', `/api/products/shop/releases/${v}`);
    const eventCount = async () => (await ok('GET', '/api/events?limit=1000')).events.length as number;

    before(async () => {
      t = await createTestApp(dialect, { clock, deployDir: ws.dir });
      await ok('POST', '/api/products/apply', { source: productFile(), fileName: 'shop.yaml' });
      await ok('POST', '/api/users', { name: 'rita', role: 'release-manager' });
      rita = (await ok('POST', '/api/tokens', { name: 'rita-cli', user: 'rita' })).secret;
      for (const c of ['db', 'api', 'worker', 'web']) await ok('POST', '/api/products/shop/builds', buildBody(c, '1.0.0'));
    });
    after(async () => {
      await t.cleanup();
      ws.cleanup();
    });

    it('creates a candidate from the latest green builds and auto-promotes it into dev', async () => {
      const created = await call('POST', '/api/products/shop/releases', { version: '1.0.0', latest: true });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.release.state, 'candidate');
      assert.deepEqual(created.body.release.builds.map((b: Json) => `${b.component} ${b.version}`), ['db 1.0.0', 'api 1.0.0', 'worker 1.0.0', 'web 1.0.0']);
      await t.app.worker.settle();
      const r = await release('1.0.0');
      assert.equal(r.state, 'in-progress');
      assert.equal(r.rings[0].state, 'succeeded');
      assert.equal(ws.release('dev-1'), '1.0.0');
    });

    it('deploys components in dependency order, with the target config and a redacted log', async () => {
      const starts = ws.steps('dev-1').filter((l) => l.startsWith('start')).map((l) => l.split(' ')[3]);
      const ends = ws.steps('dev-1').filter((l) => l.startsWith('end')).map((l) => l.split(' ')[3]);
      assert.equal(starts[0], 'db');
      assert.equal(starts[1], 'api');
      assert.deepEqual(new Set(starts.slice(2)), new Set(['worker', 'web']));
      assert.equal(ends.length, 4);
      const page = await ok('GET', '/api/products/shop/releases/1.0.0/deployments?ring=dev');
      assert.equal(page.total, 1);
      const deployment = page.deployments[0];
      assert.equal(deployment.state, 'succeeded');
      assert.deepEqual(deployment.steps.map((s: Json) => s.state), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      const log = await ok('GET', `/api/deployments/${deployment.id}/log`);
      const text = log.chunks.map((c: Json) => c.text).join('');
      assert.match(text, /deploying api 1\.0\.0 \(api-1-0-0-[0-9a-f]{7}\) to dev-1 with key \*\*\*/);
      assert.match(text, /verified web 1\.0\.0/);
      assert.doesNotMatch(text, /s3cr3t/);
      const metrics = await t.request('GET', '/metrics', { token: t.adminToken });
      assert.match(metrics.text, /^ringmaster_deployment_run_seconds_count\{outcome="succeeded"\} 1$/m);
      assert.match(metrics.text, /^ringmaster_deployments_running 0$/m);
    });

    it('answers which gates block a promotion, and why', async () => {
      const before = await eventCount();
      const blocked = await call('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'staging' });
      assert.equal(blocked.status, 409, blocked.text);
      assert.equal(blocked.body.error.code, 'gates_blocked');
      assert.match(blocked.body.error.message, /soak: .*of 1h/);
      const verdicts = Object.fromEntries(blocked.body.error.details.map((d: Json) => [d.gate, d.status]));
      assert.deepEqual(verdicts, { quality: 'pass', soak: 'waiting' });
      assert.equal(await eventCount(), before, 'a refused promotion changes nothing');
      const check = await ok('GET', '/api/products/shop/releases/1.0.0/gates?ring=staging');
      assert.equal(check.ready, false);
      assert.equal(check.verdicts.find((v: Json) => v.gate === 'soak').opensAt, new Date(clock.now().getTime() + 3_600_000).toISOString());
    });

    it('refuses a promotion that skips a ring, an unknown ring and a bad version, changing nothing', async () => {
      const before = await eventCount();
      const skip = await call('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'prod' });
      assert.equal(skip.status, 409);
      assert.equal(skip.body.error.code, 'ring_order');
      assert.match(skip.body.error.message, /has not succeeded in staging/);
      const unknown = await call('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'prd' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /no ring 'prd' \(did you mean 'prod'\?\); rings are dev, staging, prod/);
      const badVersion = await call('POST', '/api/products/shop/releases', { version: 'v1.1', latest: true });
      assert.equal(badVersion.status, 400);
      assert.match(badVersion.body.error.message, /'v1\.1' is not a semantic version/);
      const unknownComponent = await call('POST', '/api/products/shop/releases', { version: '1.1.0', builds: { apii: '1.0.0' } });
      assert.equal(unknownComponent.status, 400);
      assert.match(unknownComponent.body.error.message, /no component 'apii' \(did you mean 'api'\?\)/);
      const missing = await call('POST', '/api/products/shop/releases', { version: '1.1.0', builds: { api: '1.0.0' } });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /missing db, worker, web/);
      assert.equal((await call('GET', '/api/products/shop/releases/1.1.0')).status, 404);
      assert.equal(await eventCount(), before);
    });

    it('lets exactly one of several concurrent promotions start', async () => {
      clock.advance(3_600_000);
      const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'staging' })));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409, 409, 409, 409], answers.map((a) => a.text).join('\n'));
      for (const a of answers.filter((x) => x.status === 409)) assert.equal(a.body.error.code, 'already_promoted');
      const rollouts = (await ok('GET', '/api/products/shop/releases/1.0.0/rollouts')).rollouts as Json[];
      assert.equal(rollouts.filter((r) => r.ring === 'staging').length, 1);
      await t.app.worker.settle();
      assert.equal((await ok('GET', '/api/products/shop/releases/1.0.0/deployments?ring=staging')).total, 1);
      const r = await release('1.0.0');
      assert.equal(r.rings[1].state, 'succeeded');
      assert.equal(r.state, 'blessed', 'every ring before the blessed-only ring succeeded');
      assert.ok(r.blessedAt);
    });

    it('needs the approval of a release manager for prod, then rolls out in waves', async () => {
      const blocked = await call('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'prod' });
      assert.equal(blocked.status, 409);
      assert.match(blocked.body.error.message, /approval:release-manager: 0 of 1/);
      const notHolder = await call('POST', '/api/products/shop/releases/1.0.0/approvals', { ring: 'prod' });
      assert.equal(notHolder.status, 403, 'the admin does not hold the release-manager role');
      const approved = await call('POST', '/api/products/shop/releases/1.0.0/approvals', { ring: 'prod', comment: 'ship it' }, rita);
      assert.equal(approved.status, 201, approved.text);
      assert.equal((await call('POST', '/api/products/shop/releases/1.0.0/approvals', { ring: 'prod' }, rita)).status, 409);
      const started = await ok('POST', '/api/products/shop/releases/1.0.0/promote', { ring: 'prod' }, rita);
      assert.equal(started.rollout.waves, 2);
      assert.equal(started.rollout.targets.total, 2);
      await t.app.worker.settle();
      const r = await release('1.0.0');
      assert.equal(r.state, 'done');
      assert.equal(r.channel, 'stable');
      assert.equal(ws.release('prod-1'), '1.0.0');
      assert.equal(ws.release('prod-2'), '1.0.0');
      const types = (await ok('GET', '/api/events?type=rollout.&limit=1000')).events.map((e: Json) => e.type);
      assert.ok(types.includes('rollout.wave-started'), types.join(','));
    });

    it('halts a failing release in its ring and refuses to take it further; reject stops it for good', async () => {
      await ok('POST', '/api/products/shop/builds', buildBody('api', '1.1.0', { image: 'registry.test/api:1.1.0-fail-verify' }));
      await ok('POST', '/api/products/shop/releases', { version: '1.1.0', latest: true });
      await t.app.worker.settle();
      const r = await release('1.1.0');
      assert.equal(r.rings[0].state, 'halted');
      const page = await ok('GET', '/api/products/shop/releases/1.1.0/deployments?ring=dev');
      assert.equal(page.deployments[0].state, 'failed');
      assert.match(page.deployments[0].error, /api verify: exited with code 4/);
      assert.deepEqual(page.deployments[0].steps.map((s: Json) => s.state), ['succeeded', 'failed', 'skipped', 'skipped']);
      const failing = await ok('GET', '/api/products/shop/fleet?status=failed');
      assert.deepEqual(failing.targets.map((x: Json) => [x.name, x.release.version, x.lastDeployment.version, x.lastDeployment.state]), [['dev-1', '1.0.0', '1.1.0', 'failed']]);
      const next = await call('POST', '/api/products/shop/releases/1.1.0/promote', { ring: 'staging' });
      assert.equal(next.status, 409);
      assert.match(next.body.error.message, /has not succeeded in dev \(halted\)/);
      const noReason = await call('POST', '/api/products/shop/releases/1.1.0/reject', { reason: '  ' });
      assert.equal(noReason.status, 400);
      const rejected = await ok('POST', '/api/products/shop/releases/1.1.0/reject', { reason: 'api health check fails' }, rita);
      assert.equal(rejected.state, 'rejected');
      assert.equal(rejected.stateReason, 'api health check fails');
      assert.equal(rejected.stateBy, 'user:rita');
      const again = await call('POST', '/api/products/shop/releases/1.1.0/promote', { ring: 'dev' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'not_promotable');
      const event = (await ok('GET', '/api/events?type=release.rejected')).events[0];
      assert.match(event.summary, /user:rita rejected shop 1\.1\.0: api health check fails/);
    });

    it('cuts a hotfix from a release, and rolls a target and then a ring back to the last known-good release', async () => {
      await ok('POST', '/api/products/shop/builds', buildBody('api', '1.0.1'));
      const hotfix = await call('POST', '/api/products/shop/releases', { version: '1.0.1', from: '1.0.0', builds: { api: '1.0.1' } });
      assert.equal(hotfix.status, 201, hotfix.text);
      assert.equal(hotfix.body.release.baseVersion, '1.0.0');
      assert.deepEqual(hotfix.body.release.builds.map((b: Json) => b.version), ['1.0.0', '1.0.1', '1.0.0', '1.0.0']);
      await t.app.worker.settle();
      clock.advance(3_600_000);
      await ok('POST', '/api/products/shop/releases/1.0.1/promote', { ring: 'staging' });
      await t.app.worker.settle();
      await ok('POST', '/api/products/shop/releases/1.0.1/approvals', { ring: 'prod' }, rita);
      await ok('POST', '/api/products/shop/releases/1.0.1/promote', { ring: 'prod' });
      await t.app.worker.settle();
      assert.equal((await release('1.0.1')).state, 'done');
      assert.equal((await release('1.0.0')).state, 'done', 'a finished release stays done (it is history, not superseded)');
      assert.equal(ws.component('prod-1', 'api'), '1.0.1');

      const one = await ok('POST', '/api/products/shop/rollback', { target: 'prod-1', reason: 'error rate up' }, rita);
      assert.deepEqual(one.moves, [{ target: 'prod-1', from: '1.0.1', to: '1.0.0' }]);
      await t.app.worker.settle();
      assert.equal(ws.component('prod-1', 'api'), '1.0.0');
      assert.equal(ws.release('prod-1'), '1.0.0');
      assert.ok(ws.steps('prod-1').some((l) => l.includes(' rollback ')), 'the deploy script ran with RINGMASTER_ACTION=rollback');

      const ring = await ok('POST', '/api/products/shop/rollback', { ring: 'prod' }, rita);
      assert.deepEqual(ring.moves, [{ target: 'prod-2', from: '1.0.1', to: '1.0.0' }]);
      assert.deepEqual(ring.skipped, [{ target: 'prod-1', reason: 'runs 1.0.0, not 1.0.1' }]);
      await t.app.worker.settle();
      assert.equal(ws.release('prod-2'), '1.0.0');
      const r = await release('1.0.1');
      assert.equal(r.rings[2].state, 'rolled-back');
      const overview = await ok('GET', '/api/products/shop/overview');
      const cell = overview.releases.find((x: Json) => x.version === '1.0.0').cells.find((c: Json) => c.ring === 'prod');
      assert.equal(cell.targetsOn, 2);
      assert.equal(cell.usersOn, 30);

      const fleet = await ok('GET', '/api/products/shop/fleet?ring=prod');
      assert.equal(fleet.total, 2);
      const prod1 = fleet.targets.find((x: Json) => x.name === 'prod-1');
      assert.equal(prod1.status, 'ok');
      assert.equal(prod1.release.version, '1.0.0');
      assert.equal(prod1.previousGood, null, 'nothing older than 1.0.0 ran there');
      assert.equal(prod1.lastDeployment.kind, 'rollback');
      assert.equal(prod1.lastDeployment.version, '1.0.0');
      assert.deepEqual(prod1.config.API_KEY, { secret: true }, 'secret values stay withheld');
      const dev = await ok('GET', '/api/products/shop/fleet?ring=dev');
      assert.equal(dev.targets[0].release.version, '1.0.1');
      assert.equal(dev.targets[0].previousGood, '1.0.0', 'what a rollback of dev-1 would put back (1.1.0 was rejected)');
      assert.equal((await ok('GET', '/api/products/shop/fleet?status=failed')).total, 0);
      assert.equal((await ok('GET', '/api/products/shop/fleet?status=ok&q=PROD')).total, 2);
      assert.equal((await ok('GET', '/api/products/shop/fleet?status=never')).total, 0);
      assert.equal((await call('GET', '/api/products/shop/fleet?status=broken')).status, 400);

      const nothing = await call('POST', '/api/products/shop/rollback', { target: 'prod-1' }, rita);
      assert.equal(nothing.status, 409);
      assert.match(nothing.body.error.message, /prod-1 runs 1\.0\.0 and has no earlier good release/);
      const neither = await call('POST', '/api/products/shop/rollback', {}, rita);
      assert.equal(neither.status, 400);
    });

    it('keeps roles apart: a viewer reads but cannot promote, approve, reject or roll back', async () => {
      await ok('POST', '/api/users', { name: 'vic', role: 'viewer' });
      const vic = (await ok('POST', '/api/tokens', { name: 'vic-cli', user: 'vic' })).secret;
      assert.equal((await call('GET', '/api/products/shop/overview', undefined, vic)).status, 200);
      for (const [url, body] of [
        ['/api/products/shop/releases/1.0.1/promote', { ring: 'dev' }],
        ['/api/products/shop/releases/1.0.1/approvals', { ring: 'prod' }],
        ['/api/products/shop/releases/1.0.1/reject', { reason: 'no' }],
        ['/api/products/shop/rollback', { target: 'dev-1' }],
        ['/api/products/shop/releases', { version: '9.9.9', latest: true }],
      ] as const) {
        const res = await call('POST', url, body, vic);
        assert.equal(res.status, 403, `${url}: ${res.text}`);
      }
    });
  });

  describe(`automatic rollback when verify fails [${dialect}]`, () => {
    const ws = createWorkspace();
    let t: TestApp;
    const { ok } = apiCalls(() => t);
    before(async () => {
      t = await createTestApp(dialect, { deployDir: ws.dir });
      await ok('POST', '/api/products/apply', { source: productFile({ targets: { dev: 3 }, devRollout: '{ autoPromote: true, autoRollback: true, haltOnFailures: 2 }' }) });
      for (const c of ['db', 'api', 'worker', 'web']) await ok('POST', '/api/products/shop/builds', buildBody(c, '1.0.0'));
    });
    after(async () => {
      await t.cleanup();
      ws.cleanup();
    });

    it('puts every target whose verify failed back on its previous release', async () => {
      await ok('POST', '/api/products/shop/releases', { version: '1.0.0', latest: true });
      await t.app.worker.settle();
      await ok('POST', '/api/products/shop/builds', buildBody('web', '1.1.0', { image: 'registry.test/web:fail-verify' }));
      await ok('POST', '/api/products/shop/releases', { version: '1.1.0', latest: true });
      await t.app.worker.settle();
      const rollouts = (await ok('GET', '/api/products/shop/releases/1.1.0/rollouts')).rollouts as Json[];
      const promotion = rollouts.find((r) => r.kind === 'promotion')!;
      assert.equal(promotion.state, 'halted', 'two failures reach haltOnFailures 2');
      const rollbacks = rollouts.filter((r) => r.kind === 'rollback');
      assert.equal(rollbacks.length, promotion.failures);
      assert.ok(rollbacks.every((r) => r.state === 'succeeded'));
      for (const target of ['dev-1', 'dev-2', 'dev-3']) {
        const touched = ws.steps(target).some((l) => l.includes(' 1.1.0 '));
        if (touched) assert.equal(ws.component(target, 'web'), '1.0.0', `${target} runs web 1.0.0 again`);
      }
      const events = (await ok('GET', '/api/events?type=rollback.started&limit=100')).events as Json[];
      assert.ok(events.length >= 1);
      assert.match(events[0]!.summary, /ringmaster rolls dev-\d back from shop 1\.1\.0 to 1\.0\.0: verify failed on dev-\d/);
    });
  });

  describe(`a product whose first ring takes blessed releases only [${dialect}]`, () => {
    const ws = createWorkspace();
    let t: TestApp;
    const { ok } = apiCalls(() => t);
    const clock = createTestClock();
    before(async () => {
      t = await createTestApp(dialect, { deployDir: ws.dir, clock });
      const source = 'product: solo\ncomponents: [{ name: api }]\nrings:\n  - { name: prod, gates: [{ blessed: true }] }\n';
      await ok('POST', '/api/products/apply', { source });
      await ok('POST', '/api/products/solo/builds', buildBody('api', '1.0.0'));
    });
    after(async () => {
      await t.cleanup();
      ws.cleanup();
    });

    it('blesses a candidate from the start, and a draft once it is marked a candidate; a done release supersedes older ones', async () => {
      await ok('POST', '/api/products/solo/releases', { version: '0.9.0', latest: true });
      clock.advance(1000);
      const created = await ok('POST', '/api/products/solo/releases', { version: '1.0.0', latest: true });
      assert.equal(created.release.state, 'blessed');
      assert.ok(created.release.blessedAt);
      clock.advance(1000);
      const draft = await ok('POST', '/api/products/solo/releases', { version: '1.0.1', latest: true, draft: true });
      assert.equal(draft.release.state, 'draft');
      assert.equal(draft.release.blessedAt, null);
      assert.equal((await ok('POST', '/api/products/solo/releases/1.0.1/candidate')).state, 'blessed');
      const promoted = await ok('POST', '/api/products/solo/releases/1.0.0/promote', { ring: 'prod' });
      assert.equal(promoted.rollout.targets.total, 0);
      await t.app.worker.settle();
      assert.equal((await ok('GET', '/api/products/solo/releases/1.0.0')).state, 'done', 'a ring without targets succeeds at once');
      assert.equal((await ok('GET', '/api/products/solo/releases/1.0.1')).state, 'blessed', 'an older release finishing does not supersede a newer one');
      const older = await ok('GET', '/api/products/solo/releases/0.9.0');
      assert.equal(older.state, 'superseded');
      assert.equal(older.stateReason, 'superseded by 1.0.0');
      const promoteOlder = await t.request('POST', '/api/products/solo/releases/0.9.0/promote', { token: t.adminToken, body: { ring: 'prod' } });
      assert.equal(promoteOlder.status, 409, 'a superseded release is not promoted');
    });
  });
}
