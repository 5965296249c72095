/**
 * The fleet end to end: a real server and three real `ringmaster agent`
 * processes on loopback, each installing the daily-train demo's tiny HTTP
 * service into its own folder with the demo's own deploy and verify scripts.
 * A promoted release reaches all three and each service answers it; then one
 * target's verify fails on the next release, the ring rolls that target back
 * through its agent, and its service answers the previous release again.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VERSION } from '../../src/app/version.ts';
import { buildBody, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type AgentProcess, killAgents, ROOT, startAgent, stopAgent, stopDemoService, until } from './agent-processes.ts';

const TARGETS = ['site-1', 'site-2', 'site-3'] as const;
const COMPONENTS = ['api', 'worker', 'web'] as const;
/** site-3's verify fails for release 1.1.0 only (and passes for a rollback to 1.0.0): the injected failure. */
const FAILING = 'site-3';

const PRODUCT = `product: train
components:
  - name: api
  - name: worker
    dependsOn: [api]
  - name: web
    dependsOn: [api]
rings:
  - name: onprem
    rollout: { waves: [1, 3], haltOnFailures: 2, autoRollback: true }
targets:
${TARGETS.map((name) => `  - name: ${name}
    ring: onprem
    delivery: pull
    deploy:
      command: ./deploy/deploy.sh
      verify: ${name === FAILING ? `'./deploy/verify.sh && test "$RINGMASTER_RELEASE" != 1.1.0'` : './deploy/verify.sh'}
      timeout: 2m
    config:
      SITES_DIR: sites
      API_KEY: { secret: "key-${name}-s3cr3t" }`).join('\n')}
`;

interface SiteAnswer {
  target: string;
  release: string | null;
  components: Record<string, string>;
}

for (const dialect of DIALECTS) {
  describe(`a fleet of three real agents [${dialect}]`, () => {
    let t: TestApp;
    let url: string;
    const dirs: Record<string, string> = {};
    const agents: Record<string, AgentProcess> = {};
    const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const res = await t.request(method, path, { token: t.adminToken, body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const deployments = async (version: string): Promise<Json[]> => (await ok('GET', `/api/products/train/releases/${version}/deployments?limit=100`)).deployments as Json[];
    const fleet = async (): Promise<Json[]> => (await ok('GET', '/api/products/train/fleet')).targets as Json[];
    const release = async (version: string) => {
      for (const c of COMPONENTS) await ok('POST', '/api/products/train/builds', buildBody(c, version));
      await ok('POST', '/api/products/train/releases', { version, latest: true });
    };
    const site = (target: string) => join(dirs[target]!, 'sites', target);
    /** Asks the target's running service, on the port deploy.sh's service wrote, what it runs. */
    const serving = async (target: string): Promise<SiteAnswer> => {
      const port = readFileSync(join(site(target), 'port'), 'utf8').trim();
      const response = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(response.status, 200);
      return (await response.json()) as SiteAnswer;
    };
    const ended = (d: Json | undefined) => d !== undefined && ['succeeded', 'failed', 'cancelled', 'skipped'].includes(d.state as string);
    const agentOutput = () => Object.entries(agents).map(([name, a]) => `--- ${name}\n${a.output()}`).join('\n');

    before(async () => {
      t = await createTestApp(dialect, { env: { RINGMASTER_AGENT_POLL_SECONDS: '5' } });
      url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      await ok('POST', '/api/products/apply', { source: PRODUCT, fileName: 'train.yaml' });
      for (const target of TARGETS) {
        const dir = mkdtempSync(join(tmpdir(), `rm-fleet-${target}-`));
        // The product file's commands (./deploy/deploy.sh …) run in the agent's work folder.
        cpSync(join(ROOT, 'examples', 'daily-train', 'deploy'), join(dir, 'deploy'), { recursive: true });
        dirs[target] = dir;
        const { code } = await ok('POST', `/api/products/train/targets/${target}/enrolment-codes`, {});
        agents[target] = startAgent(['--server', url, '--enrol', code, '--work-dir', dir, '--poll-seconds', '5']);
      }
    });
    after(async () => {
      killAgents(Object.values(agents));
      for (const target of TARGETS) if (dirs[target]) stopDemoService(site(target));
      await t.cleanup();
      for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
    });

    it('promotes 1.0.0: every agent installs it and every service answers 1.0.0', { timeout: 90_000 }, async () => {
      // Every agent has enrolled and called in before anything is promoted.
      await until('all three agents to call in', async () => (await fleet()).every((row) => row.agent?.reachable === true));
      await release('1.0.0');
      await ok('POST', '/api/products/train/releases/1.0.0/promote', { ring: 'onprem' });

      const rollout = await until('the 1.0.0 rollout to end', async () => {
        const r = ((await ok('GET', '/api/products/train/releases/1.0.0/rollouts')).rollouts as Json[])[0];
        return r && r.state !== 'deploying' ? r : null;
      }, 60_000).catch((error: Error) => assert.fail(`${error.message}\n${agentOutput()}`));
      assert.equal(rollout.state, 'succeeded', JSON.stringify(rollout));

      const done = await deployments('1.0.0');
      assert.equal(done.length, 3);
      for (const d of done) {
        assert.equal(d.state, 'succeeded', JSON.stringify(d));
        assert.equal(d.delivery, 'pull');
        assert.equal(d.attempts, 1);
        assert.deepEqual(d.steps.map((s: Json) => `${s.component} ${s.version} ${s.state}`), COMPONENTS.map((c) => `${c} 1.0.0 succeeded`));
      }
      // Each deployment was claimed by its own target's agent, not by the server.
      const started = ((await ok('GET', '/api/events?limit=1000&type=deployment.started')).events as Json[]).filter((e) => e.data.version === '1.0.0');
      assert.deepEqual(started.map((e) => `${e.data.target} ${e.actor}`).sort(), TARGETS.map((name) => `${name} agent:${name}`));

      for (const target of TARGETS) {
        const answer = await serving(target);
        assert.deepEqual(answer, { target, release: '1.0.0', components: { api: '1.0.0', web: '1.0.0', worker: '1.0.0' } });
      }
      const rows = await fleet();
      for (const row of rows) {
        assert.equal(row.status, 'ok', JSON.stringify(row));
        assert.equal(row.release?.version, '1.0.0');
        assert.equal(row.agent.reachable, true);
        assert.equal(row.agent.version, VERSION);
        assert.equal(row.agent.health, 'healthy');
        assert.equal(row.agent.healthDetail, 'verify passed for api, worker, web');
      }
      // Secrets reach the scripts but never the logs the agents sent.
      for (const d of done) {
        const log = ((await ok('GET', `/api/deployments/${d.id}/log?limit=1000`)).chunks as Json[]).map((c) => c.text).join('');
        assert.match(log, /verify: site-\d answers web 1\.0\.0/);
        assert.ok(!log.includes('s3cr3t'), 'the secret API_KEY is masked');
      }
      for (const agent of Object.values(agents)) assert.ok(!agent.output().includes('s3cr3t'));
    });

    it('1.1.0 fails verification on one target: the others serve 1.1.0, that one is rolled back to 1.0.0 by its agent', { timeout: 120_000 }, async () => {
      const servicePids = Object.fromEntries(TARGETS.map((target) => [target, readFileSync(join(site(target), 'pid'), 'utf8').trim()]));
      await release('1.1.0');
      await ok('POST', '/api/products/train/releases/1.1.0/promote', { ring: 'onprem' });

      const rollout = await until('the 1.1.0 rollout to end', async () => {
        const r = ((await ok('GET', '/api/products/train/releases/1.1.0/rollouts')).rollouts as Json[]).find((x) => x.kind === 'promotion');
        return r && r.state !== 'deploying' ? r : null;
      }, 90_000).catch((error: Error) => assert.fail(`${error.message}\n${agentOutput()}`));
      // One failure is under the ring's haltOnFailures (2): the ring went on, and ends failed for that one target.
      assert.equal(rollout.state, 'failed', JSON.stringify(rollout));
      assert.equal(rollout.reason, '1 of 3 deployment(s) failed');

      const byTarget = Object.fromEntries((await deployments('1.1.0')).map((d) => [d.target, d]));
      for (const target of TARGETS.filter((x) => x !== FAILING)) {
        assert.equal(byTarget[target].state, 'succeeded', JSON.stringify(byTarget[target]));
        assert.deepEqual(await serving(target), { target, release: '1.1.0', components: { api: '1.1.0', web: '1.1.0', worker: '1.1.0' } });
      }
      const failed = byTarget[FAILING]!;
      assert.equal(failed.state, 'failed');
      assert.match(failed.error, /^api verify: /);
      assert.deepEqual(failed.steps.map((s: Json) => `${s.component} ${s.state} ${s.phase}`), ['api failed verify', 'worker skipped null', 'web skipped null']);

      // The ring's autoRollback queued a rollback to 1.0.0 for that target, and its agent ran it.
      const rollback = await until('the rollback of site-3 to end', async () => {
        const d = (await deployments('1.0.0')).find((x) => x.target === FAILING && x.kind === 'rollback');
        return ended(d) ? d : null;
      }, 60_000).catch((error: Error) => assert.fail(`${error.message}\n${agentOutput()}`));
      assert.equal(rollback!.state, 'succeeded', JSON.stringify(rollback));
      assert.deepEqual(rollback!.steps.map((s: Json) => `${s.component} ${s.version} ${s.state}`), COMPONENTS.map((c) => `${c} 1.0.0 succeeded`));
      const started = ((await ok('GET', '/api/events?limit=1000&type=deployment.started')).events as Json[]).find((e) => e.data.deployment === rollback!.id);
      assert.equal(started?.actor, `agent:${FAILING}`);
      const log = ((await ok('GET', `/api/deployments/${rollback!.id}/log?limit=1000`)).chunks as Json[]).map((c) => c.text).join('');
      assert.match(log, /roll back to api 1\.0\.0 on site-3 \(release 1\.0\.0\)/);

      assert.deepEqual(await serving(FAILING), { target: FAILING, release: '1.0.0', components: { api: '1.0.0', web: '1.0.0', worker: '1.0.0' } });
      // The same services answered throughout: deploy.sh updates a running one in place.
      for (const target of TARGETS) assert.equal(readFileSync(join(site(target), 'pid'), 'utf8').trim(), servicePids[target]);

      const rows = Object.fromEntries((await fleet()).map((row) => [row.name, row]));
      assert.equal(rows[FAILING].release?.version, '1.0.0');
      assert.equal(rows[FAILING].status, 'ok');
      assert.deepEqual([rows[FAILING].lastDeployment.kind, rows[FAILING].lastDeployment.version, rows[FAILING].lastDeployment.state], ['rollback', '1.0.0', 'succeeded']);
      assert.equal(rows[FAILING].agent.reachable, true);
      for (const target of TARGETS.filter((x) => x !== FAILING)) assert.equal(rows[target].release?.version, '1.1.0');
    });

    it('stops every agent cleanly on SIGTERM', { timeout: 30_000 }, async () => {
      for (const [target, agent] of Object.entries(agents)) {
        assert.equal(await stopAgent(agent), 0, `${target}:\n${agent.output()}`);
        assert.match(agent.output(), /SIGTERM: stopping/);
      }
    });
  });
}
