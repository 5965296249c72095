/**
 * The server is killed with SIGKILL at random points of a 50-target rollout,
 * ten times, and started again each time. No deployment may be lost, none may
 * run twice, and the rollout must resume where it stopped. On PostgreSQL two
 * servers run side by side and a random one of them is killed each time, so
 * the leases also keep two live servers off each other's deployments.
 *
 * "Run twice" means: a deployment recorded as finished never starts again, a
 * component step recorded as succeeded is never started again, and no two
 * workers ever run one deployment (each attempt is one server's). A step that
 * was running when the server died is started again after the lease runs out:
 * deploy commands are idempotent, as with every deployment tool.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type ApiClient, createApiClient } from '../../src/client/api-client.ts';
import { DIALECTS, freshDatabase } from '../support/databases.ts';
import { freePort } from '../support/free-port.ts';
import { buildBody, createWorkspace, productFile } from './engine-fixture.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const KILLS = 10;
const TARGETS = 50;

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(env: Record<string, string>, cwd: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'src/cli/main.ts'), 'serve', '--port', String(port), '--log-level', 'warn'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up:\n${text}`);
    if (text.includes('is running at')) return { child, url, output: () => text };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start within 30 s:\n${text}`);
}

async function kill(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const gone = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await gone;
}

/** Waits until some deployment is running with at least one step done and one not yet done. */
async function waitForPartWayDeployment(client: ApiClient): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const running = await client.listDeployments('shop', '1.0.0', { state: 'running', limit: 1000 });
    const partWay = running.deployments.some((d) => d.steps.some((s) => s.state === 'succeeded') && d.steps.some((s) => s.state !== 'succeeded'));
    if (partWay) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no deployment was part-way through within 60 s');
}

for (const dialect of DIALECTS) {
  describe(`SIGKILL during a rollout [${dialect}]`, () => {
    const ws = createWorkspace();
    const dataDir = mkdtempSync(join(tmpdir(), 'rm-kill-'));
    const servers: Server[] = [];
    let dropDatabase: (() => Promise<void>) | null = null;
    after(async () => {
      for (const server of servers) await kill(server);
      await dropDatabase?.();
      ws.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`loses no deployment and runs none twice across ${KILLS} kills`, { timeout: 600_000 }, async () => {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        RINGMASTER_SECRET_KEY: randomBytes(32).toString('base64'),
        RINGMASTER_DATA_DIR: dataDir,
        // Short, so the test does not wait long after each kill, yet with room for a busy CI machine's stalls.
        RINGMASTER_LEASE_SECONDS: '4',
        RINGMASTER_DEPLOY_CONCURRENCY: '10',
      };
      if (dialect === 'postgres') {
        const database = await freshDatabase('postgres', { migrate: false });
        dropDatabase = database.cleanup;
        env.DATABASE_URL = database.options.databaseUrl!;
      }
      servers.push(await startServer(env, ws.dir));
      // The token is printed just after the "running" line the start waits for: give it a moment.
      const tokenDeadline = Date.now() + 10_000;
      while (!/keep it safe:\s+rm_\S+\s/.test(servers[0]!.output()) && Date.now() < tokenDeadline) await new Promise((r) => setTimeout(r, 20));
      const token = /keep it safe:\s+(rm_\S+)/.exec(servers[0]!.output())?.[1];
      assert.ok(token, `the first start prints the admin token:\n${servers[0]!.output()}`);
      // SQLite is the one-server default; PostgreSQL is what several servers share.
      if (dialect === 'postgres') servers.push(await startServer(env, ws.dir));
      const client = () => createApiClient({ baseUrl: servers[0]!.url, token });

      await client().applyProduct({ source: productFile({ targets: { dev: TARGETS }, devRollout: '{ waves: [10%, 50%, 100%] }', stepSleep: '0.1' }), fileName: 'fleet.yaml' });
      for (const c of ['db', 'api', 'worker', 'web']) await client().registerBuild('shop', buildBody(c, '1.0.0'));
      await client().createRelease('shop', { version: '1.0.0', latest: true });
      await client().promote('shop', '1.0.0', 'dev');

      // Kill points spread over the rollout: after a random number of targets are done, plus a random moment.
      const thresholds = Array.from({ length: KILLS }, () => randomInt(1, TARGETS - 5)).sort((a, b) => a - b);
      const killedAt: number[] = [];
      // The first kill is aimed: every server dies while a deployment of the first wave is part-way
      // through, so a resumption that skips done steps happens on every run. Random kills alone may
      // all miss (the server killed on PostgreSQL may be the idle one), and late in the rollout the
      // last deployments may all end before one is seen part-way.
      await waitForPartWayDeployment(client());
      killedAt.push(Date.now());
      for (let s = 0; s < servers.length; s++) await kill(servers[s]!);
      for (let s = 0; s < servers.length; s++) servers[s] = await startServer(env, ws.dir);
      for (let i = 1; i < KILLS; i++) {
        while ((await client().listDeployments('shop', '1.0.0', { state: 'succeeded', limit: 1 })).total < thresholds[i]!) await new Promise((r) => setTimeout(r, 30));
        await new Promise((r) => setTimeout(r, randomInt(0, 300)));
        const victim = randomInt(servers.length);
        killedAt.push(Date.now());
        await kill(servers[victim]!);
        servers[victim] = await startServer(env, ws.dir);
      }

      const deadline = Date.now() + 180_000;
      let state = '';
      while (Date.now() < deadline) {
        const rollout = (await client().listRollouts('shop', '1.0.0'))[0]!;
        state = rollout.state;
        if (state !== 'deploying') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(state, 'succeeded', `the rollout resumes and finishes after ${KILLS} kills`);

      const page = await client().listDeployments('shop', '1.0.0', { limit: 1000 });
      assert.equal(page.total, TARGETS, 'one deployment per target: none lost, none duplicated');
      assert.ok(page.deployments.every((d) => d.state === 'succeeded'), 'every deployment succeeded');
      // When each attempt was claimed, by the server's clock: a server killed just after claiming may leave a step it spawned running on.
      const claims = new Map<string, number>();
      for (let after = 0; ;) {
        const events = (await client().listEvents({ type: 'deployment.', after, limit: 1000 })).events;
        for (const e of events) if (e.type === 'deployment.started' || e.type === 'deployment.resumed') claims.set(`${String(e.data['deployment'])}#${String(e.data['attempt'])}`, Date.parse(e.at));
        if (events.length < 1000) break;
        after = events[events.length - 1]!.id;
      }
      let resumedWithSkips = 0;
      for (const d of page.deployments) {
        assert.equal(ws.release(d.target), '1.0.0', `${d.target} runs the release`);
        const starts = ws.steps(d.target).filter((l) => l.startsWith('start ')).map((l) => {
          const [, id, attempt, component, , , ns] = l.split(' ');
          return { id: id!, attempt: Number(attempt), component: component!, at: Number(BigInt(ns!) / 1_000_000n) };
        });
        assert.ok(starts.every((s) => s.id === d.id), `${d.target}: only its one deployment ran there`);
        const finishedAt = Date.parse(d.finishedAt!);
        assert.ok(starts.every((s) => s.at <= finishedAt), `${d.target}: nothing started after the deployment was recorded finished`);
        for (const step of d.steps) {
          const runs = starts.filter((s) => s.component === step.component);
          assert.ok(runs.length >= 1, `${d.target} ${step.component} ran`);
          const recordedStart = Date.parse(step.startedAt!);
          assert.ok(runs.every((s) => s.at <= recordedStart + 1000), `${d.target} ${step.component}: no run started after the run that succeeded`);
          const perAttempt = new Map<number, number>();
          for (const run of runs) perAttempt.set(run.attempt, (perAttempt.get(run.attempt) ?? 0) + 1);
          assert.ok([...perAttempt.values()].every((n) => n === 1), `${d.target} ${step.component}: one run per attempt (no two workers on one attempt)`);
        }
        const attempts = [...new Set(starts.map((s) => s.attempt))].sort((a, b) => a - b);
        assert.ok(attempts.every((a) => a >= 1 && a <= d.attempts), `${d.target}: attempts ${attempts} within 1..${d.attempts}`);
        for (let a = 1; a < attempts.length; a++) {
          const earlier = starts.filter((s) => s.attempt === attempts[a - 1]).map((s) => s.at);
          const later = starts.filter((s) => s.attempt === attempts[a]).map((s) => s.at);
          assert.ok(Math.max(...earlier) <= Math.min(...later), `${d.target}: attempt ${attempts[a]} began after attempt ${attempts[a - 1]}`);
          // A deployment changes hands only when the server holding it died: a live server's lease is never taken.
          const from = claims.get(`${d.id}#${attempts[a - 1]}`) ?? Math.min(...earlier);
          const to = Math.min(...later);
          assert.ok(
            killedAt.some((k) => k >= from && k <= to),
            `${d.target}: attempt ${attempts[a]} (first step at ${to}) took over without a kill since attempt ${attempts[a - 1]} was claimed (${from}); kills at ${killedAt.join(', ')}`,
          );
        }
        const lastAttempt = attempts[attempts.length - 1]!;
        if (lastAttempt > 1 && starts.filter((s) => s.attempt === lastAttempt).length < d.steps.length) resumedWithSkips++;
      }
      assert.ok(resumedWithSkips > 0, 'some deployment was resumed and skipped the steps it had already done');
    });
  });
}
