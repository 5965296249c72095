/**
 * Real agent processes through bad times: cut off from the server (a TCP proxy
 * in between drops every connection) while the server's clock moves on ten
 * minutes, under a ring that skips unreachable targets and one that waits for
 * them; and a release rejected while an agent is in the middle of installing it.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildBody, createWorkspace, type Json, type Workspace } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { type AgentProcess, type CuttableProxy, isRunning, killAgents, startAgent, startProxy, stopAgent, until } from './agent-processes.ts';

const TEN_MINUTES = 600_000;

const target = (name: string, ring: string, command = './deploy/deploy.sh') => `  - name: ${name}
    ring: ${ring}
    delivery: pull
    deploy: { command: ${command}, verify: ./deploy/verify.sh, timeout: 2m }
    config:
      API_KEY: { secret: "k3y-${name}-s3cr3t" }`;

/** One product per case: a release enters a product's rings in order, so each case's ring is a first ring. */
const product = (name: string, ring: string, rollout: string, targets: string[]) => `product: ${name}
components:
  - name: db
  - name: api
    dependsOn: [db]
rings:
  - name: ${ring}${rollout ? `\n    rollout: ${rollout}` : ''}
targets:
${targets.join('\n')}
`;
const PRODUCTS = [
  product('outpost', 'skipping', '{ unreachable: skip }', [target('skip-1', 'skipping'), target('skip-2', 'skipping')]),
  product('bastion', 'blocking', '{ unreachable: block }', [target('block-1', 'blocking'), target('block-2', 'blocking')]),
  product('stall', 'slow', '', [target('slow-1', 'slow', './deploy/slow.sh')]),
];
/** The product of a target, and of a ring. */
const PRODUCT_OF: Record<string, string> = { skip: 'outpost', skipping: 'outpost', block: 'bastion', blocking: 'bastion', slow: 'stall' };
const productOf = (name: string) => PRODUCT_OF[name.replace(/-\d+$/, '')]!;

/**
 * slow.sh: holds a component's install while sites/<target>/hold-<component>
 * exists, printing a line every 0.2 s (so the agent has log to report, and
 * reports progress every second), then runs the fixture's deploy.sh.
 */
const SLOW = `#!/bin/sh
set -eu
site="sites/$RINGMASTER_TARGET"
if [ -e "$site/hold-$RINGMASTER_COMPONENT" ]; then
  echo $$ > "$site/held.pid"
  n=0
  while [ -e "$site/hold-$RINGMASTER_COMPONENT" ] && [ "$n" -lt 600 ]; do
    echo "holding $RINGMASTER_COMPONENT $RINGMASTER_VERSION ($n)"
    sleep 0.2
    n=$((n + 1))
  done
  echo "$RINGMASTER_VERSION" > "$site/hold-lifted"
fi
exec ./deploy/deploy.sh
`;

/** Whether a process runs (a zombie nobody reaped yet does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

for (const dialect of DIALECTS) {
  describe(`agents through outages and rejections [${dialect}]`, () => {
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let t: TestApp;
    let url: string;
    const workspaces: Record<string, Workspace> = {};
    const agents: AgentProcess[] = [];
    const proxies: CuttableProxy[] = [];
    const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const res = await t.request(method, path, { token: t.adminToken, body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const deploymentOf = async (version: string, name: string): Promise<Json> =>
      ((await ok('GET', `/api/products/${productOf(name)}/releases/${version}/deployments?limit=100`)).deployments as Json[]).find((d) => d.target === name)!;
    const rolloutOf = async (version: string, ring: string): Promise<Json> =>
      ((await ok('GET', `/api/products/${productOf(ring)}/releases/${version}/rollouts`)).rollouts as Json[]).find((r) => r.ring === ring && r.kind === 'promotion')!;
    const fleetRow = async (name: string): Promise<Json> => ((await ok('GET', `/api/products/${productOf(name)}/fleet?q=${name}`)).targets as Json[]).find((r) => r.name === name)!;
    const release = async (name: string, version: string) => {
      for (const c of ['db', 'api']) await ok('POST', `/api/products/${name}/builds`, buildBody(c, version));
      await ok('POST', `/api/products/${name}/releases`, { version, latest: true });
    };
    /** Enrols an agent for `name` and starts it against `server` (the server itself, or a proxy in front of it). */
    const launch = async (name: string, server: string): Promise<AgentProcess> => {
      const ws = createWorkspace();
      workspaces[name] = ws;
      const { code } = await ok('POST', `/api/products/${productOf(name)}/targets/${name}/enrolment-codes`, {});
      const agent = startAgent(['--server', server, '--enrol', code, '--work-dir', ws.dir, '--poll-seconds', '5', '--max-backoff', '2']);
      agents.push(agent);
      return agent;
    };
    const finished = (d: Json | undefined) => d !== undefined && ['succeeded', 'failed', 'cancelled'].includes(d.state as string);

    before(async () => {
      t = await createTestApp(dialect, { clock, env: { RINGMASTER_AGENT_POLL_SECONDS: '5', RINGMASTER_AGENT_UNREACHABLE_SECONDS: '300' } });
      url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      for (const source of PRODUCTS) await ok('POST', '/api/products/apply', { source, fileName: 'product.yaml' });
      await release('outpost', '1.0.0');
      await release('bastion', '1.0.0');
    });
    after(async () => {
      killAgents(agents);
      for (const proxy of proxies) await proxy.close();
      await t.cleanup();
      for (const ws of Object.values(workspaces)) {
        // A held install script left behind by a failed test stops once its hold is gone.
        rmSync(join(ws.dir, 'sites', 'slow-1', 'hold-api'), { force: true });
        ws.cleanup();
      }
    });

    it('an agent cut off from the server for ten minutes catches up when it returns (ring skips unreachable targets)', { timeout: 90_000 }, async () => {
      const proxy = await startProxy(url);
      proxies.push(proxy);
      const away = await launch('skip-1', proxy.url);
      const near = await launch('skip-2', url);
      await until('both agents to call in', async () => (await fleetRow('skip-1')).agent.reachable && (await fleetRow('skip-2')).agent.reachable);
      const lastContact = (await fleetRow('skip-1')).agent.lastContactAt as string;
      assert.equal(lastContact, clock.now().toISOString());

      // Cut while the agent sits in a long poll: its latest contact is still in the server's batch of unwritten ones.
      await new Promise((r) => setTimeout(r, 1000));
      proxy.cut();
      await until('skip-1 to notice it is cut off', () => /next try in/.test(away.output()));
      await ok('POST', '/api/products/outpost/releases/1.0.0/promote', { ring: 'skipping' });
      const d2 = await until('skip-2 to install 1.0.0', async () => {
        const d = await deploymentOf('1.0.0', 'skip-2');
        return finished(d) ? d : null;
      });
      assert.equal(d2.state, 'succeeded', near.output());
      // Within the unreachable time the ring waits for skip-1.
      assert.equal((await deploymentOf('1.0.0', 'skip-1')).state, 'pending');
      assert.equal((await rolloutOf('1.0.0', 'skipping')).state, 'deploying');

      // Ten minutes of silence on the server's clock.
      clock.advance(TEN_MINUTES);
      await t.app.agents.upkeep();
      await t.app.worker.settle();
      const row = await fleetRow('skip-1');
      assert.equal(row.agent.reachable, false);
      assert.equal(row.agent.lastContactAt, lastContact);
      const unreachable = async () => ((await ok('GET', '/api/products/outpost/fleet?status=unreachable&ring=skipping')).targets as Json[]).map((r) => r.name);
      assert.ok((await unreachable()).includes('skip-1'));
      // skip-2 keeps polling: if the clock jumped while it was between two polls, its next poll shows it in contact.
      await until('only skip-1 to be unreachable', async () => (await unreachable()).join() === 'skip-1');
      const skipped = await deploymentOf('1.0.0', 'skip-1');
      assert.equal(skipped.state, 'skipped');
      assert.equal(skipped.error, `unreachable: its agent last called in at ${lastContact}`);
      // The ring went on without it.
      const rollout = await until('the skipping ring to end', async () => {
        const r = await rolloutOf('1.0.0', 'skipping');
        return r.state !== 'deploying' ? r : null;
      });
      assert.equal(rollout.state, 'succeeded');
      assert.equal(rollout.targets.skipped, 1);
      assert.equal(rollout.targets.succeeded, 1);
      assert.deepEqual(workspaces['skip-1']!.targets(), [], 'nothing reached skip-1 while it was cut off');

      // Back online: the agent catches up on its own, and nothing else has to happen.
      proxy.restore();
      const caught = await until('skip-1 to install the release it missed', async () => {
        const d = await deploymentOf('1.0.0', 'skip-1');
        return finished(d) ? d : null;
      }).catch((error: Error) => assert.fail(`${error.message}\n${away.output()}`));
      assert.equal(caught.state, 'succeeded', away.output());
      assert.equal(caught.id, skipped.id, 'the skipped deployment itself is the one installed');
      assert.equal(caught.attempts, 1);
      for (const c of ['db', 'api']) assert.equal(workspaces['skip-1']!.component('skip-1', c), '1.0.0');
      assert.match(away.output(), /the server answers again after \d+ failed tr(y|ies)/);
      const back = await until('skip-1 to show reachable again', async () => {
        const r = await fleetRow('skip-1');
        return r.agent.reachable ? r : null;
      });
      assert.equal(back.release.version, '1.0.0');
      assert.equal(back.status, 'ok');
      assert.ok(back.agent.lastContactAt > lastContact);
      assert.deepEqual(await unreachable(), []);
      assert.ok(isRunning(away) && isRunning(near));
    });

    it('a ring that blocks on unreachable targets waits for the agent to return, then finishes', { timeout: 90_000 }, async () => {
      const proxy = await startProxy(url);
      proxies.push(proxy);
      const away = await launch('block-1', proxy.url);
      await launch('block-2', url);
      await until('both agents to call in', async () => (await fleetRow('block-1')).agent.reachable && (await fleetRow('block-2')).agent.reachable);

      // Cut while the agent sits in a long poll: its latest contact is still in the server's batch of unwritten ones.
      await new Promise((r) => setTimeout(r, 1000));
      proxy.cut();
      await until('block-1 to notice it is cut off', () => /next try in/.test(away.output()));
      await ok('POST', '/api/products/bastion/releases/1.0.0/promote', { ring: 'blocking' });
      await until('block-2 to install 1.0.0', async () => (await deploymentOf('1.0.0', 'block-2')).state === 'succeeded');

      clock.advance(TEN_MINUTES);
      await t.app.agents.upkeep();
      await t.app.worker.settle();
      assert.equal((await fleetRow('block-1')).agent.reachable, false);
      // Blocked: not skipped, and the ring does not finish without it.
      assert.equal((await deploymentOf('1.0.0', 'block-1')).state, 'pending');
      assert.equal((await rolloutOf('1.0.0', 'blocking')).state, 'deploying');
      await new Promise((r) => setTimeout(r, 1500)); // a background upkeep pass or two
      assert.equal((await deploymentOf('1.0.0', 'block-1')).state, 'pending');
      assert.equal((await rolloutOf('1.0.0', 'blocking')).state, 'deploying');

      proxy.restore();
      const rollout = await until('the blocking ring to end', async () => {
        const r = await rolloutOf('1.0.0', 'blocking');
        return r.state !== 'deploying' ? r : null;
      }).catch((error: Error) => assert.fail(`${error.message}\n${away.output()}`));
      assert.equal(rollout.state, 'succeeded');
      assert.equal(rollout.targets.succeeded, 2);
      assert.equal(rollout.targets.skipped, 0);
      assert.equal((await deploymentOf('1.0.0', 'block-1')).state, 'succeeded');
      assert.equal(workspaces['block-1']!.release('block-1'), '1.0.0');
      await until('block-1 to show reachable again', async () => (await fleetRow('block-1')).agent.reachable);
    });

    it('a release rejected mid-install: the agent stops the command, drops the install and goes back to polling', { timeout: 90_000 }, async () => {
      const agent = await launch('slow-1', url);
      const ws = workspaces['slow-1']!;
      writeFileSync(join(ws.dir, 'deploy', 'slow.sh'), SLOW);
      chmodSync(join(ws.dir, 'deploy', 'slow.sh'), 0o755);
      const site = join(ws.dir, 'sites', 'slow-1');
      mkdirSync(site, { recursive: true });
      writeFileSync(join(site, 'hold-api'), '');
      await until('slow-1 to call in', async () => (await fleetRow('slow-1')).agent.reachable);

      await release('stall', '2.0.0');
      await ok('POST', '/api/products/stall/releases/2.0.0/promote', { ring: 'slow' });
      // db installed, api held in the middle of its install command, and the server has heard so.
      const running = await until('api to be held mid-install', async () => {
        const d = await deploymentOf('2.0.0', 'slow-1');
        return existsSync(join(site, 'held.pid')) && d.steps[0].state === 'succeeded' && d.steps[1].state === 'running' ? d : null;
      }).catch((error: Error) => assert.fail(`${error.message}\n${agent.output()}`));
      const held = Number(readFileSync(join(site, 'held.pid'), 'utf8'));
      assert.ok(alive(held));
      assert.ok(existsSync(join(ws.dir, '.ringmaster-agent', 'journal.json')));

      await ok('POST', '/api/products/stall/releases/2.0.0/reject', { reason: 'bad migration found' });
      const cancelled = await deploymentOf('2.0.0', 'slow-1');
      assert.equal(cancelled.id, running.id);
      assert.equal(cancelled.state, 'cancelled');

      // The next progress report is refused (409): the agent stops the command and clears its journal.
      await until('the agent to give the install up', () => agent.output().includes(`the server took deployment ${running.id} back`));
      await until('the held command to be stopped', () => !alive(held));
      await until('the journal to be cleared', () => !existsSync(join(ws.dir, '.ringmaster-agent', 'journal.json')));
      assert.ok(!existsSync(join(site, 'hold-lifted')), 'the command was stopped, not let finish');
      assert.equal(ws.component('slow-1', 'db'), '2.0.0');
      assert.equal(ws.component('slow-1', 'api'), null, 'api 2.0.0 was never installed');
      assert.equal((await deploymentOf('2.0.0', 'slow-1')).state, 'cancelled', 'nothing the agent sent after the cancel changed it');
      assert.ok(isRunning(agent), agent.output());

      // Still polling: a later release installs fine.
      rmSync(join(site, 'hold-api'));
      await release('stall', '3.0.0');
      await ok('POST', '/api/products/stall/releases/3.0.0/promote', { ring: 'slow' });
      const next = await until('3.0.0 to be installed', async () => {
        const d = await deploymentOf('3.0.0', 'slow-1');
        return finished(d) ? d : null;
      }).catch((error: Error) => assert.fail(`${error.message}\n${agent.output()}`));
      assert.equal(next.state, 'succeeded', agent.output());
      assert.equal(ws.component('slow-1', 'api'), '3.0.0');
      assert.equal(ws.release('slow-1'), '3.0.0');
      assert.equal(await stopAgent(agent), 0, agent.output());
    });
  });
}
