/**
 * The daily-train walk-through (examples/daily-train/demo.sh) runs to its end:
 * its own server, real deployments onto the demo targets, and its closing
 * checks. Run from another folder, since the demo must work from any.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const demo = join(import.meta.dirname, '..', '..', 'examples', 'daily-train', 'demo.sh');
const DEMO_TIMEOUT_MS = 5 * 60_000;

interface DemoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
}

function runDemo(): Promise<DemoRun> {
  // The demo starts and configures its own server: nothing of a caller's may leak in.
  const env = { ...process.env };
  for (const name of ['RINGMASTER_SERVER', 'RINGMASTER_TOKEN', 'DATABASE_URL', 'RINGMASTER_DATA_DIR', 'RINGMASTER_PORT']) delete env[name];
  return new Promise((resolve, reject) => {
    // Its own process group, so a demo that hangs can be stopped whole.
    const child = spawn('/bin/sh', [demo], { cwd: tmpdir(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const stopGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup('SIGTERM'); // the demo's trap stops its server and the targets' services
      setTimeout(() => stopGroup('SIGKILL'), 20_000).unref();
    }, DEMO_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output });
    });
  });
}

describe('examples/daily-train/demo.sh', () => {
  it('carries 2.3.0 to production and, through its agent, to acme-onprem, rejects 2.4.0, rolls internal back from 2.3.1, and cleans up', { timeout: DEMO_TIMEOUT_MS + 60_000 }, async () => {
    const run = await runDemo();
    const tail = run.output.slice(-6000);
    assert.equal(run.timedOut, false, `the demo did not finish within 5 minutes:\n${tail}`);
    assert.equal(run.code, 0, `the demo failed (exit ${run.code}, signal ${run.signal}):\n${tail}`);

    for (const check of [
      'hosted-eu runs 2.3.0',
      'hosted-us runs 2.3.0',
      'internal-cluster runs 2.3.0 again',
      'acme-onprem runs 2.3.0, installed by its agent',
      'globex-onprem is held for its maintenance window',
      'release 2.4.0 is rejected',
    ]) {
      assert.match(run.output, new RegExp(`^ {3}ok {4}${check.replaceAll('.', '\\.')}$`, 'm'), `check '${check}' missing:\n${tail}`);
    }
    assert.doesNotMatch(run.output, /^ {3}FAIL /m);
    assert.match(
      run.output,
      /^demo finished: production \(hosted-eu, hosted-us\) runs 2\.3\.0; acme-onprem's agent installed 2\.3\.0 \(globex-onprem held for its window\); internal-cluster rolled back from 2\.3\.1 to 2\.3\.0; 2\.4\.0 rejected/m,
    );
    // The gates it shows refusing did refuse.
    assert.match(run.output, /refused by the soak gate|the soak had already passed/);
    assert.match(run.output, /refused by the approval gate/);
    assert.match(run.output, /refused by the quality gate/);
    // The on-premises agent enrolled with its one-time code, installed 2.3.0 and reported it; globex-onprem's window holds its deployment.
    assert.match(run.output, /^created an enrolment code for the agent of daily-train\/acme-onprem; it works once, until \S+$/m);
    assert.match(run.output, /enrolled as target acme-onprem of daily-train/);
    assert.match(run.output, /^ {3}acme-onprem answers: 2\.3\.0 \(api 1\.4\.0, web 2\.0\.0, worker 1\.2\.0\)$/m);
    assert.match(run.output, /^\S+ +globex-onprem +on-premises +deploy +pending .* held until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(maintenance window\)$/m);

    // Without --keep, the server is stopped and the work folder removed.
    const started = /Server running at http:\/\/\S+ \(pid (\d+)\), data and log in (.+)\.$/m.exec(run.output);
    assert.ok(started, 'the demo names its server and work folder');
    assert.throws(() => process.kill(Number(started[1]), 0), 'the server is stopped');
    assert.equal(existsSync(started[2]!), false, 'the work folder is removed');
  });
});
