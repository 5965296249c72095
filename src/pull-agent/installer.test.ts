import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Manifest } from '../agents/agent-types.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { install } from './installer.ts';
import { offlineReporter } from './reporters.ts';

/** Records each run in ran.log; fails the component named in FAIL_AT (its deploy) or VERIFY_FAIL (its verify). */
const SCRIPT = `#!/bin/sh
echo "$1 $RINGMASTER_COMPONENT $RINGMASTER_VERSION $RINGMASTER_ACTION $RINGMASTER_ATTEMPT $RINGMASTER_ARTIFACT_IMAGE" >> ran.log
echo "the key is $API_KEY"
if [ "$1" = deploy ] && [ "$RINGMASTER_COMPONENT" = "\${FAIL_AT:-}" ]; then exit 3; fi
if [ "$1" = verify ] && [ "$RINGMASTER_COMPONENT" = "\${VERIFY_FAIL:-}" ]; then echo "unhealthy" >&2; exit 4; fi
exit 0
`;

function manifest(overrides: Partial<Manifest> = {}, config: Record<string, string> = {}): Manifest {
  const component = (name: string, dependsOn: string[]) => ({ name, version: '2.0.0', artifact: `${name}-2-0-0-abc1234`, commit: 'abc1234', branch: 'main', artifacts: { image: `r/${name}:2.0.0` }, dependsOn });
  return {
    product: 'shop', release: '2.0.0', ring: 'onprem', target: 'acme', deployment: '3f0e2a55-0000-4000-8000-000000000001', kind: 'deploy',
    components: [component('db', []), component('api', ['db']), component('web', ['api'])],
    commands: { install: 'sh ./step.sh deploy', verify: 'sh ./step.sh verify', rollback: 'sh ./step.sh rollback', timeoutSeconds: 30 },
    config: { API_KEY: 'sup3r-s3cret', ...config },
    secretConfig: ['API_KEY'],
    ...overrides,
  };
}

function pendingSteps(m: Manifest): DeploymentStep[] {
  return m.components.map((c) => ({ component: c.name, version: c.version, artifact: c.artifact, state: 'pending', startedAt: null, finishedAt: null, phase: null, exitCode: null, error: null }));
}

describe('the installer', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const workDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-installer-'));
    writeFileSync(join(dir, 'step.sh'), SCRIPT);
    dirs.push(dir);
    return dir;
  };
  const ran = (dir: string) => readFileSync(join(dir, 'ran.log'), 'utf8').trim().split('\n');
  const run = (dir: string, m: Manifest, steps = pendingSteps(m), signal = new AbortController().signal) => {
    const reporter = offlineReporter();
    return install({ manifest: m, attempt: 1, steps, cwd: dir, baseEnv: process.env, reporter, signal }).then((result) => ({ result, reporter }));
  };

  it('installs then verifies each component in dependency order, secrets masked in the log', async () => {
    const dir = workDir();
    const { result, reporter } = await run(dir, manifest());
    assert.equal(result.state, 'succeeded');
    assert.deepEqual(ran(dir), [
      'deploy db 2.0.0 deploy 1 r/db:2.0.0', 'verify db 2.0.0 deploy 1 r/db:2.0.0',
      'deploy api 2.0.0 deploy 1 r/api:2.0.0', 'verify api 2.0.0 deploy 1 r/api:2.0.0',
      'deploy web 2.0.0 deploy 1 r/web:2.0.0', 'verify web 2.0.0 deploy 1 r/web:2.0.0',
    ]);
    assert.deepEqual(result.health, { state: 'healthy', detail: 'verify passed for db, api, web' });
    assert.ok(result.steps.every((s) => s.state === 'succeeded' && s.phase === 'verify' && s.exitCode === 0));
    assert.match(reporter.text, /the key is \*\*\*/);
    assert.ok(!reporter.text.includes('sup3r-s3cret'));
  });

  it('skips the steps already done, and runs the rollback command for a rollback', async () => {
    const dir = workDir();
    const m = manifest({ kind: 'rollback' });
    const steps = pendingSteps(m).map((s) => (s.component === 'db' ? { ...s, state: 'succeeded' as const } : s.component === 'api' ? { ...s, state: 'running' as const } : s));
    const { result, reporter } = await run(dir, m, steps);
    assert.equal(result.state, 'succeeded');
    assert.deepEqual(ran(dir).filter((l) => !l.startsWith('verify')), ['rollback api 2.0.0 rollback 1 r/api:2.0.0', 'rollback web 2.0.0 rollback 1 r/web:2.0.0']);
    assert.match(reporter.text, /resumed: db already done/);
  });

  it('stops at a failed deploy: dependants skipped, the reason in one line', async () => {
    const dir = workDir();
    const { result } = await run(dir, manifest({}, { FAIL_AT: 'api' }));
    assert.equal(result.state, 'failed');
    assert.equal(result.error, 'api deploy: exited with code 3');
    assert.deepEqual(result.steps.map((s) => s.state), ['succeeded', 'failed', 'skipped']);
    assert.equal(result.health.state, 'unknown');
  });

  it('reports a failed verify as unhealthy', async () => {
    const dir = workDir();
    const { result, reporter } = await run(dir, manifest({}, { VERIFY_FAIL: 'web' }));
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.health, { state: 'unhealthy', detail: 'verify failed for web: exited with code 4' });
    assert.match(reporter.text, /unhealthy/);
  });

  it('says "unknown" health without a verify command, and fails without an install command', async () => {
    const dir = workDir();
    const plain = await run(dir, manifest({ commands: { install: 'sh ./step.sh deploy', verify: null, rollback: null, timeoutSeconds: 30 } }));
    assert.deepEqual([plain.result.state, plain.result.health.state], ['succeeded', 'unknown']);
    const none = await run(dir, manifest({ commands: { install: null, verify: null, rollback: null, timeoutSeconds: 30 } }));
    assert.equal(none.result.state, 'failed');
    assert.equal(none.result.error, 'db deploy: target acme has no install command');
  });

  it('stops the running command when aborted', async () => {
    const dir = workDir();
    const stop = new AbortController();
    const started = Date.now();
    const m = manifest({ commands: { install: 'sleep 20', verify: null, rollback: null, timeoutSeconds: 30 } });
    setTimeout(() => stop.abort(), 300);
    const { result } = await run(dir, m, pendingSteps(m), stop.signal);
    assert.equal(result.state, 'aborted');
    assert.ok(Date.now() - started < 10_000, 'the sleep was killed');
  });

  it('holds the whole deployment to its time limit', async () => {
    const dir = workDir();
    const { result } = await run(dir, manifest({ commands: { install: 'sleep 5', verify: null, rollback: null, timeoutSeconds: 1 } }));
    assert.equal(result.state, 'failed');
    assert.match(result.error ?? '', /^db deploy: timed out after/);
  });
});
