import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandResult, type CommandRun, describeResult, formatDuration, runCommand } from './command-runner.ts';

const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

async function collect(command: string, overrides: Partial<CommandRun> = {}): Promise<{ result: CommandResult; output: string; chunks: string[] }> {
  const chunks: string[] = [];
  const result = await runCommand({ command, env: ENV, cwd: tmpdir(), timeoutMs: 10_000, onOutput: (text) => chunks.push(text), ...overrides });
  return { result, output: chunks.join(''), chunks };
}

/** A zombie nobody reaps (no init in a container) counts as gone: it runs nothing. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function waitUntilGone(pid: number, withinMs = 2000): Promise<boolean> {
  for (let waited = 0; waited < withinMs; waited += 20) {
    if (!alive(pid)) return true;
    await sleep(20);
  }
  return !alive(pid);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function pids(output: string, label: string): number {
  const match = new RegExp(`${label} (\\d+)`).exec(output);
  assert.ok(match, `no "${label}" pid in ${JSON.stringify(output)}`);
  return Number(match[1]);
}

describe('runCommand', () => {
  it('captures stdout and stderr in the order they were written', async () => {
    const { result, output } = await collect('echo one; echo two >&2; echo three; printf four >&2');
    assert.equal(output, 'one\ntwo\nthree\nfour');
    assert.equal(result.exitCode, 0);
    assert.equal(describeResult(result), null);
  });

  const endings: { command: string; exitCode: number | null; signal: string | null; described: string | null }[] = [
    { command: 'true', exitCode: 0, signal: null, described: null },
    { command: 'exit 3', exitCode: 3, signal: null, described: 'exited with code 3' },
    { command: 'false', exitCode: 1, signal: null, described: 'exited with code 1' },
    { command: 'kill -KILL $$', exitCode: null, signal: 'SIGKILL', described: 'killed by SIGKILL' },
    { command: 'definitely-not-a-command-ringmaster', exitCode: 127, signal: null, described: 'exited with code 127' },
  ];
  for (const c of endings) {
    it(`reports how "${c.command}" ended`, async () => {
      const { result } = await collect(c.command);
      assert.equal(result.exitCode, c.exitCode);
      assert.equal(result.signal, c.signal);
      assert.equal(result.timedOut, false);
      assert.equal(result.error, null);
      assert.equal(describeResult(result), c.described);
    });
  }

  it('kills the command and its grandchild on timeout', async () => {
    const { result, output } = await collect(`sh -c 'sleep 30 & echo "grandchild $!"; wait'; true`, { timeoutMs: 300, graceMs: 300 });
    const grandchild = pids(output, 'grandchild');
    try {
      assert.equal(result.timedOut, true);
      assert.equal(result.signal, 'SIGTERM');
      assert.ok(result.durationMs >= 290 && result.durationMs < 3000, `took ${result.durationMs} ms`);
      assert.match(describeResult(result) ?? '', /^timed out after \d+ms$/);
      assert.ok(await waitUntilGone(grandchild), 'the grandchild sleep is gone');
    } finally {
      killQuietly(grandchild);
    }
  });

  it('follows SIGTERM with SIGKILL after the grace period when the command ignores it', async () => {
    const { result, output } = await collect(`trap '' TERM; sh -c 'sleep 30 & echo "grandchild $!"; wait'; true`, { timeoutMs: 200, graceMs: 200 });
    const grandchild = pids(output, 'grandchild');
    try {
      assert.equal(result.timedOut, true);
      assert.equal(result.signal, 'SIGKILL');
      assert.ok(result.durationMs >= 390, `took ${result.durationMs} ms`);
      assert.ok(await waitUntilGone(grandchild), 'the grandchild sleep is gone');
    } finally {
      killQuietly(grandchild);
    }
  });

  it('kills the command when aborted', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const started = runCommand({
      command: `sh -c 'sleep 30 & echo "grandchild $!"; wait'; true`,
      env: ENV,
      cwd: tmpdir(),
      timeoutMs: 10_000,
      graceMs: 300,
      signal: controller.signal,
      onOutput: (text) => {
        chunks.push(text);
        controller.abort();
      },
    });
    const result = await started;
    const grandchild = pids(chunks.join(''), 'grandchild');
    try {
      assert.equal(result.aborted, true);
      assert.equal(result.timedOut, false);
      assert.equal(describeResult(result), 'aborted');
      assert.ok(await waitUntilGone(grandchild));
    } finally {
      killQuietly(grandchild);
    }
  });

  it('does not start a command whose signal is already aborted', async () => {
    const marker = join(tmpdir(), `ringmaster-never-${process.pid}`);
    const { result } = await collect(`touch ${marker}`, { signal: AbortSignal.abort() });
    assert.equal(result.aborted, true);
    assert.throws(() => readFileSync(marker), /ENOENT/);
  });

  it('reports a missing working directory instead of throwing', async () => {
    const { result, output } = await collect('echo hi', { cwd: join(tmpdir(), 'ringmaster-no-such-dir', String(process.pid)) });
    assert.equal(output, '');
    assert.equal(result.exitCode, null);
    assert.match(result.error ?? '', /ENOENT/);
    assert.equal(describeResult(result), 'could not start: spawn ENOENT (cwd missing?)');
  });

  it('reports an unusable environment instead of throwing', async () => {
    const { result } = await collect('echo hi', { env: { ...ENV, BAD: 'a\u0000b' } });
    assert.notEqual(result.error, null);
    assert.match(describeResult(result) ?? '', /^could not start: /);
  });

  it('gives the child exactly the environment it is passed', async () => {
    process.env['RINGMASTER_TEST_PARENT_ONLY'] = 'leaked';
    try {
      const { output } = await collect('echo "parent=${RINGMASTER_TEST_PARENT_ONLY-unset} passed=${PASSED-unset}"', { env: { ...ENV, PASSED: 'yes' } });
      assert.equal(output, 'parent=unset passed=yes\n');
    } finally {
      delete process.env['RINGMASTER_TEST_PARENT_ONLY'];
    }
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    // € is E2 82 AC and 🚀 is F0 9F 9A 80: each written in two parts with a pause between.
    const { output, chunks } = await collect(`printf '\\342\\202'; sleep 0.1; printf '\\254 \\360\\237'; sleep 0.1; printf '\\232\\200 ok'`);
    assert.equal(output, '€ 🚀 ok');
    assert.ok(chunks.length >= 2, 'arrived in several chunks');
    assert.ok(chunks.every((chunk) => !chunk.includes('\uFFFD')));
  });

  it('lets a service started in the background outlive the command', async () => {
    const started = performance.now();
    const { result, output } = await collect('nohup sleep 5 >/dev/null 2>&1 & echo "service $!"');
    const service = pids(output, 'service');
    try {
      assert.equal(result.exitCode, 0);
      assert.ok(performance.now() - started < 2000, 'did not wait for the service');
      await sleep(50);
      assert.ok(alive(service), 'the service still runs');
    } finally {
      killQuietly(service);
    }
  });

  it('resolves shortly after the shell exits even when a background process holds the output open', async () => {
    const { result, output } = await collect('sleep 5 & echo "holder $!"');
    const holder = pids(output, 'holder');
    try {
      assert.equal(result.exitCode, 0);
      assert.ok(result.durationMs < 2000, `took ${result.durationMs} ms`);
      assert.ok(alive(holder), 'the background process is not killed');
    } finally {
      killQuietly(holder);
    }
  });

  it('survives a throwing output listener', async () => {
    const result = await runCommand({
      command: 'echo hi; exit 4',
      env: ENV,
      cwd: tmpdir(),
      timeoutMs: 5000,
      onOutput: () => {
        throw new Error('listener bug');
      },
    });
    assert.equal(result.exitCode, 4);
  });
});

describe('describeResult', () => {
  const base: CommandResult = { exitCode: 0, signal: null, timedOut: false, aborted: false, error: null, durationMs: 1200 };
  const cases: { name: string; result: CommandResult; described: string | null }[] = [
    { name: 'success', result: base, described: null },
    { name: 'a failing exit code', result: { ...base, exitCode: 3 }, described: 'exited with code 3' },
    { name: 'a timeout', result: { ...base, exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 600_004 }, described: 'timed out after 10m' },
    { name: 'a signal', result: { ...base, exitCode: null, signal: 'SIGKILL' }, described: 'killed by SIGKILL' },
    { name: 'an abort', result: { ...base, exitCode: null, signal: 'SIGTERM', aborted: true }, described: 'aborted' },
    { name: 'a spawn failure', result: { ...base, exitCode: null, error: 'spawn ENOENT (cwd missing?)' }, described: 'could not start: spawn ENOENT (cwd missing?)' },
    { name: 'no exit code at all', result: { ...base, exitCode: null }, described: 'ended without an exit code' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(describeResult(c.result), c.described));
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [950, '950ms'],
    [1000, '1s'],
    [45_400, '45s'],
    [600_000, '10m'],
    [605_000, '10m5s'],
    [3_723_000, '1h2m3s'],
    [7_200_000, '2h'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms is ${text}`, () => assert.equal(formatDuration(ms), text));
});
