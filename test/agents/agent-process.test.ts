/**
 * `ringmaster agent` as a real child process against a real server on
 * loopback: it enrols, installs a promoted release into its work folder with
 * real shell scripts, survives a SIGKILL in the middle of an install, and
 * stops with exit code 3 once its token is revoked.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildBody, createWorkspace, type Json, type Workspace } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { agentEnv, type AgentProcess, startAgent, until } from './agent-processes.ts';


const PRODUCT = `product: pullshop
components:
  - name: db
  - name: api
    dependsOn: [db]
  - name: web
    dependsOn: [api]
rings:
  - name: onprem
targets:
${['site-1', 'site-2', 'site-3', 'site-4']
  .map((name) => `  - name: ${name}
    ring: onprem
    delivery: pull
    deploy: { command: ./deploy/deploy.sh, verify: ./deploy/verify.sh, timeout: 2m }
    config:
      API_KEY: { secret: "k3y-${name}-s3cr3t" }${name === 'site-2' ? '\n      STEP_SLEEP: "1"' : ''}`)
  .join('\n')}
`;

for (const dialect of DIALECTS) {
  describe(`ringmaster agent as a process [${dialect}]`, () => {
    let t: TestApp;
    let url: string;
    const workspaces: Record<string, Workspace> = {};
    const agents: AgentProcess[] = [];
    const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const res = await t.request(method, path, { token: t.adminToken, body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const deploymentOf = async (target: string): Promise<Json> =>
      ((await ok('GET', '/api/products/pullshop/releases/1.0.0/deployments?limit=100')).deployments as Json[]).find((d) => d.target === target)!;
    const agentToken = async (target: string): Promise<{ id: string; secret: string }> => {
      const issued = await ok('POST', '/api/tokens', { name: `agent-${target}`, kind: 'agent', product: 'pullshop', target });
      return { id: issued.token.id, secret: issued.secret };
    };

    before(async () => {
      t = await createTestApp(dialect, { env: { RINGMASTER_AGENT_POLL_SECONDS: '2' } });
      url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      for (const target of ['site-1', 'site-2', 'site-3', 'site-4']) workspaces[target] = createWorkspace();
      await ok('POST', '/api/products/apply', { source: PRODUCT, fileName: 'pullshop.yaml' });
      for (const c of ['db', 'api', 'web']) await ok('POST', '/api/products/pullshop/builds', buildBody(c, '1.0.0'));
      await ok('POST', '/api/products/pullshop/releases', { version: '1.0.0', latest: true });
      await ok('POST', '/api/products/pullshop/releases/1.0.0/promote', { ring: 'onprem' });
    });
    after(async () => {
      for (const agent of agents) if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill('SIGKILL');
      await t.cleanup();
      for (const ws of Object.values(workspaces)) ws.cleanup();
    });

    it('enrols with a one-time code, installs the promoted release and reports it healthy', { timeout: 60_000 }, async () => {
      const ws = workspaces['site-1']!;
      const { code } = await ok('POST', '/api/products/pullshop/targets/site-1/enrolment-codes', {});
      const agent = startAgent(['--enrol', code, '--server', url, '--work-dir', ws.dir, '--once']);
      agents.push(agent);
      assert.equal(await agent.exited, 0, agent.output());

      const saved = JSON.parse(readFileSync(join(ws.dir, 'agent.json'), 'utf8')) as Json;
      assert.deepEqual([saved.server, saved.product, saved.target], [url, 'pullshop', 'site-1']);
      assert.match(saved.serverKey, /BEGIN PUBLIC KEY/);
      assert.equal(statSync(join(ws.dir, 'agent.json')).mode & 0o777, 0o600);
      assert.ok(!agent.output().includes(saved.token), 'the token is never printed');
      assert.ok(!agent.output().includes('k3y-site-1-s3cr3t'), 'nor the secret configuration');

      const deployment = await deploymentOf('site-1');
      assert.equal(deployment.state, 'succeeded');
      assert.equal(deployment.attempts, 1);
      for (const c of ['db', 'api', 'web']) assert.equal(ws.component('site-1', c), '1.0.0');
      assert.equal(ws.release('site-1'), '1.0.0');
      const installed = JSON.parse(readFileSync(join(ws.dir, '.ringmaster-agent', 'installed.json'), 'utf8')) as Json;
      assert.equal(installed.release, '1.0.0');
      assert.equal(installed.manifest.deployment, deployment.id);
      assert.ok(!existsSync(join(ws.dir, '.ringmaster-agent', 'journal.json')), 'the journal is cleared once the finish is sent');
      const row = await t.app.database.db.selectFrom('agents').selectAll().where('target', '=', 'site-1').executeTakeFirstOrThrow();
      assert.deepEqual([row.health, row.health_detail], ['healthy', 'verify passed for db, api, web']);
      const log = await ok('GET', `/api/deployments/${deployment.id}/log`);
      const text = (log.chunks as Json[]).map((c) => c.text).join('');
      assert.match(text, /deploying web 1\.0\.0 .* with key \*\*\*/);
      assert.ok(!text.includes('k3y-site-1-s3cr3t'));

      // Later runs need only the work folder, and install nothing twice.
      const stepsBefore = ws.steps('site-1').length;
      const again = startAgent(['--work-dir', ws.dir, '--once']);
      agents.push(again);
      assert.equal(await again.exited, 0, again.output());
      assert.equal(ws.steps('site-1').length, stepsBefore);
    });

    it('resumes an install after a SIGKILL: attempt 2, no component installed more than once more', { timeout: 90_000 }, async () => {
      const ws = workspaces['site-2']!;
      const { secret } = await agentToken('site-2');
      const args = ['--server', url, '--work-dir', ws.dir, '--poll-seconds', '2', '--max-backoff', '2'];
      const first = startAgent(args, agentEnv({ RINGMASTER_AGENT_TOKEN: secret }));
      agents.push(first);
      // Part-way: db done (and reported), api started.
      await until('api to start on site-2', () => ws.steps('site-2').some((l) => l.startsWith('start') && l.includes(' api ')));
      first.child.kill('SIGKILL');
      await first.exited;
      const journal = JSON.parse(readFileSync(join(ws.dir, '.ringmaster-agent', 'journal.json'), 'utf8')) as Json;
      assert.equal(journal.attempt, 1);
      assert.equal(journal.finish, null);
      assert.equal((await deploymentOf('site-2')).state, 'running');

      const second = startAgent(args, agentEnv({ RINGMASTER_AGENT_TOKEN: secret }));
      agents.push(second);
      const done = await until('the deployment to end', async () => {
        const d = await deploymentOf('site-2');
        return d.state === 'succeeded' || d.state === 'failed' ? d : null;
      });
      assert.equal(done.state, 'succeeded', JSON.stringify(done));
      assert.equal(done.attempts, 2);
      for (const c of ['db', 'api', 'web']) {
        assert.equal(ws.component('site-2', c), '1.0.0');
        const starts = ws.steps('site-2').filter((l) => l.startsWith('start') && l.split(' ')[3] === c).length;
        assert.ok(starts >= 1 && starts <= 2, `${c} ran ${starts} times`);
      }
      assert.equal(ws.steps('site-2').filter((l) => l.startsWith('start') && l.split(' ')[3] === 'db').length, 1, 'db had succeeded: the resumed attempt skips it');
      await until('the journal to be cleared', () => !existsSync(join(ws.dir, '.ringmaster-agent', 'journal.json')));
      assert.match(second.output(), /attempt 2/);

      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0, second.output());
      assert.match(second.output(), /SIGTERM: stopping/);
    });

    it('stops with exit code 3 when its token is revoked', { timeout: 60_000 }, async () => {
      const ws = workspaces['site-3']!;
      const { id, secret } = await agentToken('site-3');
      await ok('DELETE', `/api/tokens/${id}`);
      const agent = startAgent(['--server', url, '--token', secret, '--work-dir', ws.dir]);
      agents.push(agent);
      assert.equal(await agent.exited, 3, agent.output());
      assert.match(agent.output(), /the server refused this agent's token \(revoked or expired\): enrol again/);
      assert.ok(!agent.output().includes(secret));
      assert.deepEqual(ws.targets(), [], 'nothing was installed');
    });

    it('installs an offline bundle and writes a signed result the server records; a tampered bundle is refused', { timeout: 60_000 }, async () => {
      const ws = workspaces['site-4']!;
      const response = await fetch(`${url}/api/products/pullshop/releases/1.0.0/bundle`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ target: 'site-4' }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const bytes = Buffer.from(await response.arrayBuffer());
      const bundle = join(ws.dir, 'pullshop-1.0.0.bundle');
      writeFileSync(bundle, bytes);
      const tampered = join(ws.dir, 'tampered.bundle');
      const changed = Buffer.from(bytes);
      changed[Math.floor(changed.length / 2)]! ^= 0xff;
      writeFileSync(tampered, changed);
      writeFileSync(join(ws.dir, 'server.pem'), (await ok('GET', '/api/agent/server-key')).publicKey);

      const refused = startAgent(['--offline-bundle', tampered, '--server-key', join(ws.dir, 'server.pem'), '--work-dir', ws.dir]);
      agents.push(refused);
      assert.equal(await refused.exited, 1, refused.output());
      assert.match(refused.output(), /the bundle .*tampered\.bundle is refused/);
      assert.deepEqual(ws.targets(), [], 'nothing was installed from the tampered bundle');

      const agent = startAgent(['--offline-bundle', bundle, '--server-key', join(ws.dir, 'server.pem'), '--work-dir', ws.dir]);
      agents.push(agent);
      assert.equal(await agent.exited, 0, agent.output());
      for (const c of ['db', 'api', 'web']) assert.equal(ws.component('site-4', c), '1.0.0');
      const result = JSON.parse(readFileSync(`${bundle}.result.json`, 'utf8')) as Json;
      assert.equal(result.result.state, 'succeeded');
      assert.deepEqual(result.result.health, { state: 'healthy', detail: 'verify passed for db, api, web' });
      assert.ok(!JSON.stringify(result).includes('k3y-site-4-s3cr3t'), 'secrets are masked in the result log');
      const recorded = await ok('POST', '/api/offline-reports', result);
      assert.equal(recorded.state, 'succeeded');
      assert.equal((await deploymentOf('site-4')).state, 'succeeded');
    });

    it('refuses bad flags with exit code 2, naming the problem', async () => {
      const dir = join(workspaces['site-3']!.dir, 'empty');
      mkdirSync(dir, { recursive: true });
      const noServer = startAgent(['--work-dir', dir]);
      agents.push(noServer);
      assert.equal(await noServer.exited, 2);
      assert.match(noServer.output(), /no server: pass --server URL/);
      const badPoll = startAgent(['--server', url, '--token', 'rm_x', '--work-dir', dir, '--poll-seconds', 'soon']);
      agents.push(badPoll);
      assert.equal(await badPoll.exited, 2);
      assert.match(badPoll.output(), /--poll-seconds must be a whole number from 1 to 120, got 'soon'/);
    });
  });
}
