import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { agentCalls, PULL_PRODUCT, stepsAs } from './agent-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`the agent protocol [${dialect}]`, () => {
    // Monday 09:00 UTC: sunday-1's window (Sundays 02:00–04:00 Chicago) is shut.
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let t: TestApp;
    const { call, ok, enrol, release } = agentCalls(() => t);
    const tokens: Record<string, string> = {};
    const desired = (target: string, query = '') => ok('GET', `/api/agent/desired${query}`, undefined, tokens[target]);
    const deploymentOf = async (version: string, target: string) =>
      ((await ok('GET', `/api/products/fleet/releases/${version}/deployments?limit=100`)).deployments as Json[]).find((d) => d.target === target)!;
    const eventsOf = async (type: string) => ((await ok('GET', `/api/events?limit=1000&type=${type}`)).events as Json[]);

    before(async () => {
      t = await createTestApp(dialect, { clock, env: { RINGMASTER_AGENT_POLL_SECONDS: '20' } });
      await ok('POST', '/api/products/apply', { source: PULL_PRODUCT, fileName: 'fleet.yaml' });
    });
    after(async () => {
      await t.cleanup();
    });

    it('enrols an agent with a one-time code, and only for a pull target', async () => {
      const push = await call('POST', '/api/products/fleet/targets/push-1/enrolment-codes', {});
      assert.equal(push.status, 400);
      assert.match(push.body.error.message, /push-1' is delivered by push/);
      const missing = await call('POST', '/api/products/fleet/targets/nowhere/enrolment-codes', {});
      assert.equal(missing.status, 404);

      const { code } = await ok('POST', '/api/products/fleet/targets/edge-1/enrolment-codes', { expiresInSeconds: 600 });
      assert.match(code, /^rme_/);
      const first = await t.request('POST', '/api/agent/enrol', { body: { code } });
      assert.equal(first.status, 201, first.text);
      const body = first.body as Json;
      assert.equal(body.target, 'edge-1');
      assert.match(body.serverKey, /BEGIN PUBLIC KEY/);
      tokens['edge-1'] = body.token;
      const again = await t.request('POST', '/api/agent/enrol', { body: { code } });
      assert.equal(again.status, 401);
      assert.match((again.body as Json).error.message, /invalid, used or expired/);
      const forged = await t.request('POST', '/api/agent/enrol', { body: { code: `${code.slice(0, -2)}xx` } });
      assert.equal(forged.status, 401);
      const stored = await t.app.database.db.selectFrom('enrolment_codes').select(['hash', 'used_at']).execute();
      assert.ok(stored.every((row) => !row.hash.includes(code.slice(4))), 'codes are stored hashed');

      tokens['edge-2'] = await enrol('edge-2');
      // An agent's token does nothing but the agent's work.
      assert.equal((await call('GET', '/api/products', undefined, tokens['edge-1'])).status, 403);
      assert.equal((await call('POST', '/api/products/fleet/targets/edge-1/enrolment-codes', {}, tokens['edge-1'])).status, 403);
    });

    it('answers an idle target at once, and records its contact', async () => {
      const state = await ok('GET', '/api/agent/desired', undefined, tokens['edge-1']);
      assert.equal(state.deployment, null);
      assert.equal(state.revision, 'idle');
      assert.equal(state.current, null);
      await t.app.agents.upkeep();
      const agent = await t.app.database.db.selectFrom('agents').selectAll().where('target', '=', 'edge-1').executeTakeFirstOrThrow();
      assert.equal(agent.last_contact_at, clock.now().toISOString());
      // A person's token is not an agent's.
      const admin = await call('GET', '/api/agent/desired');
      assert.equal(admin.status, 403);
      assert.match(admin.body.error.message, /agent token/);
    });

    it('wakes a waiting poll when a promotion makes work for its target', async () => {
      const waiting = desired('edge-1', '?revision=idle&wait=20');
      await release('1.0.0');
      await ok('POST', '/api/products/fleet/releases/1.0.0/promote', { ring: 'edge' });
      const state = await waiting;
      assert.notEqual(state.revision, 'idle');
      assert.equal(state.deployment.version, '1.0.0');
      assert.equal(state.deployment.state, 'pending');
      assert.equal(state.deployment.holdUntil, null);
      const manifest = state.deployment.manifest;
      assert.deepEqual(manifest.components.map((c: Json) => `${c.name} ${c.version} [${c.dependsOn.join(',')}]`), ['db 1.0.0 []', 'api 1.0.0 [db]']);
      assert.match(manifest.components[1].artifact, /^api-1-0-0-[0-9a-f]{7}$/);
      assert.equal(manifest.components[1].artifacts.image, 'registry.test/api:1.0.0');
      assert.deepEqual(manifest.commands, { install: './install.sh', verify: './verify.sh', rollback: './rollback.sh', timeoutSeconds: 300 });
      assert.deepEqual(manifest.config, { SITE: 'edge-1', LICENCE: 'lic-edge-1-s3cr3t' });
      assert.deepEqual(manifest.secretConfig, ['LICENCE']);
      // The same revision again waits; a poll without wait answers at once with the same state.
      assert.equal((await desired('edge-1')).revision, state.revision);
    });

    it('refuses reports that are forged, out of order or malformed, changing nothing', async () => {
      const { deployment } = await desired('edge-1');
      const id = deployment.id as string;
      // Another target's agent cannot see or touch it.
      assert.equal((await call('POST', `/api/agent/deployments/${id}/start`, {}, tokens['edge-2'])).status, 404);
      // Reports before the start are refused.
      const early = await call('POST', `/api/agent/deployments/${id}/progress`, { attempt: 1, steps: stepsAs(deployment.steps, 'pending'), log: [] }, tokens['edge-1']);
      assert.equal(early.status, 409);

      const started = await ok('POST', `/api/agent/deployments/${id}/start`, {}, tokens['edge-1']);
      assert.equal(started.attempt, 1);
      assert.equal(started.nextLogSeq, 1);
      const [db, api] = started.steps as Json[];
      const at = clock.now().toISOString();
      const report = (steps: Json[], extra: Json = {}) => ({ attempt: 1, steps, log: [], ...extra });
      const before = JSON.stringify((await deploymentOf('1.0.0', 'edge-1')).steps);

      const cases: [string, Json, number, RegExp][] = [
        ['api before db', report([{ ...stepsAs([db!], 'pending')[0] }, { ...stepsAs([api!], 'running', at)[0] }]), 409, /api cannot be running before db succeeded/],
        ['an unknown component', report([...stepsAs([db!, api!], 'pending'), { ...stepsAs([db!], 'pending')[0], component: 'cache' }]), 400, /no component 'cache'/],
        ['a component missing', report(stepsAs([db!], 'running', at)), 400, /missing: api/],
        ['a component twice', report([...stepsAs([db!], 'running', at), ...stepsAs([db!], 'running', at)]), 400, /reported twice/],
        ['a stale attempt', { ...report(stepsAs([db!, api!], 'pending')), attempt: 7 }, 409, /attempt 7 .* is over/],
        ['a skip with no failure', report(stepsAs([db!, api!], 'skipped')), 400, /skipped only after another failed/],
        ['a bad state', report([{ ...stepsAs([db!], 'pending')[0], state: 'done' }, ...stepsAs([api!], 'pending')]), 400, /state/],
        ['an extra field', { ...report(stepsAs([db!, api!], 'pending')), admin: true }, 400, /admin|additional/],
        ['a bad time', report([{ ...stepsAs([db!], 'running', at)[0], startedAt: 'yesterday' }, ...stepsAs([api!], 'pending')]), 400, /date-time|startedAt/],
      ];
      for (const [what, body, status, message] of cases) {
        const res = await call('POST', `/api/agent/deployments/${id}/progress`, body, tokens['edge-1']);
        assert.equal(res.status, status, `${what}: ${res.text}`);
        assert.match(res.body.error.message, message, what);
      }
      const wrongId = await call('POST', '/api/agent/deployments/00000000-0000-4000-8000-000000000000/progress', report(stepsAs([db!, api!], 'pending')), tokens['edge-1']);
      assert.equal(wrongId.status, 404);
      const notUuid = await call('POST', '/api/agent/deployments/nope/progress', report(stepsAs([db!, api!], 'pending')), tokens['edge-1']);
      assert.equal(notUuid.status, 400);
      assert.equal(JSON.stringify((await deploymentOf('1.0.0', 'edge-1')).steps), before);

      // A finish claiming success with a step still pending is refused too.
      const early2 = await call('POST', `/api/agent/deployments/${id}/finish`, { ...report([...stepsAs([db!], 'succeeded', at), ...stepsAs([api!], 'pending')]), state: 'succeeded', error: null, health: { state: 'healthy', detail: '' } }, tokens['edge-1']);
      assert.equal(early2.status, 400);
      assert.match(early2.body.error.message, /every step succeeded/);
    });

    it('records progress and log (secrets masked), then the end, and moves the rollout on', async () => {
      const { deployment } = await desired('edge-1');
      const id = deployment.id as string;
      const at = clock.now().toISOString();
      const [db, api] = deployment.steps as Json[];
      await ok('POST', `/api/agent/deployments/${id}/progress`, {
        attempt: 1,
        steps: [...stepsAs([db!], 'succeeded', at), ...stepsAs([api!], 'running', at)],
        log: [{ seq: 1, text: 'installing db with licence lic-edge-1-s3cr3t\n' }],
      }, tokens['edge-1']);
      // The same chunk again (a retried report) is not written twice.
      await ok('POST', `/api/agent/deployments/${id}/progress`, { attempt: 1, steps: [...stepsAs([db!], 'succeeded', at), ...stepsAs([api!], 'running', at)], log: [{ seq: 1, text: 'installing db with licence lic-edge-1-s3cr3t\n' }] }, tokens['edge-1']);
      // A succeeded step cannot go back.
      const back = await call('POST', `/api/agent/deployments/${id}/progress`, { attempt: 1, steps: [...stepsAs([db!], 'running', at), ...stepsAs([api!], 'running', at)], log: [] }, tokens['edge-1']);
      assert.equal(back.status, 409);
      assert.match(back.body.error.message, /db is succeeded and cannot become running/);

      await ok('POST', `/api/agent/deployments/${id}/finish`, {
        attempt: 1,
        steps: stepsAs([db!, api!], 'succeeded', at),
        log: [{ seq: 2, text: 'api verified\n' }],
        state: 'succeeded',
        error: null,
        health: { state: 'healthy', detail: 'verify passed for db, api' },
      }, tokens['edge-1']);
      const log = await ok('GET', `/api/deployments/${id}/log`);
      assert.deepEqual(log.chunks.map((c: Json) => c.text), ['installing db with licence ***\n', 'api verified\n']);
      const replay = await call('POST', `/api/agent/deployments/${id}/finish`, { attempt: 1, steps: stepsAs([db!, api!], 'succeeded', at), log: [], state: 'succeeded', error: null, health: { state: 'healthy', detail: '' } }, tokens['edge-1']);
      assert.equal(replay.status, 409);
      assert.match(replay.body.error.message, /is succeeded/);

      const after = await desired('edge-1');
      assert.equal(after.deployment, null);
      assert.deepEqual(after.current, { version: '1.0.0', since: at });
      const agent = await t.app.database.db.selectFrom('agents').selectAll().where('target', '=', 'edge-1').executeTakeFirstOrThrow();
      assert.equal(agent.health, 'healthy');
      assert.equal(agent.hostname, null);

      // edge-2 too; push-1 is deployed by the server's worker; then the ring is done.
      const other = (await desired('edge-2')).deployment;
      const s2 = await ok('POST', `/api/agent/deployments/${other.id}/start`, {}, tokens['edge-2']);
      await ok('POST', `/api/agent/deployments/${other.id}/finish`, { attempt: s2.attempt, steps: stepsAs(s2.steps, 'succeeded', at), log: [], state: 'succeeded', error: null, health: { state: 'unknown', detail: 'no verify command' } }, tokens['edge-2']);
      await t.app.worker.settle();
      const rollouts = await ok('GET', '/api/products/fleet/releases/1.0.0/rollouts');
      assert.equal(rollouts.rollouts[0].state, 'succeeded');
      const started = (await eventsOf('deployment.started')).filter((e) => e.data.delivery === 'pull');
      assert.equal(started.length, 2);
      assert.equal(started.find((e) => e.data.target === 'edge-1')?.actor, 'agent:edge-1');
    });

    it('skips an unreachable target when the ring says so, and deploys it once its agent calls in', async () => {
      tokens['remote-1'] = await enrol('remote-1');
      await desired('remote-1');
      await ok('POST', '/api/products/fleet/releases/1.0.0/promote', { ring: 'remote' });
      await t.app.agents.upkeep();
      assert.equal((await deploymentOf('1.0.0', 'remote-2')).state, 'skipped');
      assert.match((await deploymentOf('1.0.0', 'remote-2')).error, /never called in/);
      assert.equal((await deploymentOf('1.0.0', 'remote-1')).state, 'pending', 'a reachable target is not skipped');

      const d1 = (await desired('remote-1')).deployment;
      const s1 = await ok('POST', `/api/agent/deployments/${d1.id}/start`, {}, tokens['remote-1']);
      await ok('POST', `/api/agent/deployments/${d1.id}/finish`, { attempt: s1.attempt, steps: stepsAs(s1.steps, 'succeeded'), log: [], state: 'succeeded', error: null, health: { state: 'unknown', detail: '' } }, tokens['remote-1']);
      await t.app.worker.settle();
      const remote = (await ok('GET', '/api/products/fleet/releases/1.0.0/rollouts')).rollouts.find((r: Json) => r.ring === 'remote');
      assert.equal(remote.state, 'succeeded');
      const done = (await eventsOf('rollout.succeeded')).find((e) => e.data.ring === 'remote');
      assert.match(done?.summary, /1 skipped as unreachable/);

      // remote-2's agent arrives later and gets the release it missed.
      tokens['remote-2'] = await enrol('remote-2');
      const late = (await desired('remote-2')).deployment;
      assert.equal(late.state, 'skipped');
      assert.equal(late.version, '1.0.0');
      const s2 = await ok('POST', `/api/agent/deployments/${late.id}/start`, {}, tokens['remote-2']);
      await ok('POST', `/api/agent/deployments/${late.id}/finish`, { attempt: s2.attempt, steps: stepsAs(s2.steps, 'succeeded'), log: [], state: 'succeeded', error: null, health: { state: 'unknown', detail: '' } }, tokens['remote-2']);
      assert.equal((await deploymentOf('1.0.0', 'remote-2')).state, 'succeeded');
      assert.deepEqual((await desired('remote-2')).current?.version, '1.0.0');
    });

    it('holds a deployment until the target’s maintenance window opens', async () => {
      tokens['sunday-1'] = await enrol('sunday-1');
      await ok('POST', '/api/products/fleet/releases/1.0.0/promote', { ring: 'sunday' });
      const held = await desired('sunday-1');
      // Sunday 29 November, 02:00 in Chicago (CST, UTC−6).
      assert.equal(held.deployment.holdUntil, '2026-11-29T08:00:00.000Z');
      const refused = await call('POST', `/api/agent/deployments/${held.deployment.id}/start`, {}, tokens['sunday-1']);
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /maintenance window of sunday-1 is shut until 2026-11-29T08:00:00.000Z/);
      assert.equal((await deploymentOf('1.0.0', 'sunday-1')).state, 'pending');

      clock.set('2026-11-29T08:30:00.000Z');
      const open = await desired('sunday-1');
      assert.equal(open.deployment.holdUntil, null);
      assert.notEqual(open.revision, held.revision);
      const started = await ok('POST', `/api/agent/deployments/${open.deployment.id}/start`, {}, tokens['sunday-1']);
      assert.equal(started.attempt, 1);
    });

    it('rolls a target back to its last good release when its verify fails', async () => {
      await release('2.0.0', { image: 'registry.test/fail-verify' });
      await ok('POST', '/api/products/fleet/releases/2.0.0/promote', { ring: 'edge' });
      const { deployment } = await desired('edge-1');
      assert.equal(deployment.version, '2.0.0');
      const s = await ok('POST', `/api/agent/deployments/${deployment.id}/start`, {}, tokens['edge-1']);
      const at = clock.now().toISOString();
      const [db, api] = s.steps as Json[];
      await ok('POST', `/api/agent/deployments/${deployment.id}/finish`, {
        attempt: s.attempt,
        steps: [...stepsAs([db!], 'succeeded', at), { ...stepsAs([api!], 'failed', at)[0], phase: 'verify', exitCode: 4, error: 'exited with code 4' }],
        log: [],
        state: 'failed',
        error: null,
        health: { state: 'unhealthy', detail: 'api verify failed' },
      }, tokens['edge-1']);
      const failed = await deploymentOf('2.0.0', 'edge-1');
      assert.equal(failed.state, 'failed');
      assert.equal(failed.error, 'api verify: exited with code 4');
      const next = (await desired('edge-1')).deployment;
      assert.equal(next.kind, 'rollback');
      assert.equal(next.version, '1.0.0');
      assert.deepEqual(next.manifest.components.map((c: Json) => c.version), ['1.0.0', '1.0.0']);
    });

    it('keeps about a megabyte of an agent’s log and says the rest was cut', async () => {
      const { deployment } = await desired('sunday-1');
      assert.equal(deployment.state, 'running');
      const steps = stepsAs(deployment.steps, 'pending');
      const quarter = 'y'.repeat(256 * 1024);
      const report = (log: Json[]) => ok('POST', `/api/agent/deployments/${deployment.id}/progress`, { attempt: 1, steps, log }, tokens['sunday-1']);
      await report([1, 2, 3].map((seq) => ({ seq, text: quarter })));
      await report([4, 5].map((seq) => ({ seq, text: quarter })));
      await report([{ seq: 6, text: 'small\n' }]);
      const chunks: Json[] = [];
      for (let after = 0; ;) {
        const page = await ok('GET', `/api/deployments/${deployment.id}/log?after=${after}&limit=1000`);
        chunks.push(...page.chunks);
        if (page.chunks.length === 0) break;
        after = page.next;
      }
      assert.deepEqual(chunks.map((c) => c.seq), [1, 2, 3, 4, 5]);
      assert.equal(chunks.slice(0, 4).reduce((n, c) => n + c.text.length, 0), 1024 * 1024);
      assert.match(chunks[4]!.text, /the log passed 1 MiB: the rest of it is not kept/);
    });

    it('refuses a revoked agent at once, even in the middle of a poll', async () => {
      const idle = await desired('edge-2');
      const waiting = call('GET', `/api/agent/desired?revision=${encodeURIComponent(idle.revision)}&wait=20`, undefined, tokens['edge-2']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const list = (await ok('GET', '/api/tokens')).tokens as Json[];
      const token = list.find((x) => x.kind === 'agent' && x.target === 'edge-2')!;
      await ok('DELETE', `/api/tokens/${token.id}`);
      const answer = await waiting;
      assert.equal(answer.status, 401);
      assert.equal((await call('GET', '/api/agent/desired', undefined, tokens['edge-2'])).status, 401);
    });
  });
}
