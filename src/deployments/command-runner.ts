/**
 * Runs one deploy or verify command on the server: a shell line with an exact
 * environment, a time limit and cancellation, its output streamed as text.
 * Never throws: every way a command can end is a CommandResult.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';

export interface CommandRun {
  /** A shell command line, run with /bin/sh -c. */
  command: string;
  /** The whole environment of the child: nothing is inherited. */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** Aborting kills the command. */
  signal?: AbortSignal;
  /** stdout and stderr, interleaved as written, decoded as UTF-8 without splitting characters. */
  onOutput(text: string): void;
  /** SIGTERM → SIGKILL delay, default 5000. */
  graceMs?: number;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  error: string | null;
  durationMs: number;
}

const DEFAULT_GRACE_MS = 5000;
/** How long output may still arrive after the shell exited: a backgrounded grandchild can hold the pipe open forever. */
const DRAIN_AFTER_EXIT_MS = 200;

/**
 * The outer shell points stderr at stdout, then becomes `/bin/sh -c <command>`
 * (same pid, so same process group): one pipe carries both streams in the
 * exact order they were written, and the command runs unchanged ($0, line numbers).
 */
const WRAPPER = 'exec 2>&1; exec /bin/sh -c "$1"';

export function runCommand(run: CommandRun): Promise<CommandResult> {
  const started = performance.now();
  const result = (fields: Partial<CommandResult>): CommandResult => ({
    exitCode: null,
    signal: null,
    timedOut: false,
    aborted: false,
    error: null,
    durationMs: Math.round(performance.now() - started),
    ...fields,
  });
  if (run.signal?.aborted) return Promise.resolve(result({ aborted: true }));

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // detached: the shell leads its own process group, so a kill reaches everything it started.
      child = spawn('/bin/sh', ['-c', WRAPPER, 'sh', run.command], { cwd: run.cwd, env: run.env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      resolve(result({ error: spawnError(error) }));
      return;
    }

    let spawned = false;
    let settled = false;
    let timedOut = false;
    let aborted = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    let streamClosed = false;
    let forwarding = true;
    let escalation: NodeJS.Timeout | undefined;
    let drainLimit: NodeJS.Timeout | undefined;

    const stdout = child.stdout;
    const decoder = new StringDecoder('utf8');
    const forward = (text: string): void => {
      if (!forwarding || text === '') return;
      try {
        run.onOutput(text);
      } catch {
        // A throwing listener must not crash the server from a stream event; its output is lost.
      }
    };
    stdout?.on('data', (chunk: Buffer) => forward(decoder.write(chunk)));
    stdout?.on('close', () => {
      streamClosed = true;
      maybeSettle();
    });
    stdout?.on('error', () => undefined);

    const pid = (): number | undefined => child.pid;
    const killGroup = (signal: NodeJS.Signals): void => {
      const id = pid();
      if (id === undefined) return;
      try {
        process.kill(-id, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const stop = (reason: 'timeout' | 'abort'): void => {
      if (timedOut || aborted || exit !== null) return;
      if (reason === 'timeout') timedOut = true;
      else aborted = true;
      killGroup('SIGTERM');
      // Kept past the shell's exit: a grandchild ignoring SIGTERM must still die.
      escalation = setTimeout(() => killGroup('SIGKILL'), run.graceMs ?? DEFAULT_GRACE_MS);
    };

    const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
    const onAbort = (): void => stop('abort');
    run.signal?.addEventListener('abort', onAbort, { once: true });

    function cleanUp(): void {
      clearTimeout(timer);
      clearTimeout(drainLimit);
      run.signal?.removeEventListener('abort', onAbort);
      if (escalation !== undefined && !groupAlive()) clearTimeout(escalation);
    }

    function groupAlive(): boolean {
      const id = pid();
      if (id === undefined) return false;
      try {
        process.kill(-id, 0);
        return true;
      } catch {
        return false;
      }
    }

    function maybeSettle(): void {
      if (settled || exit === null || !streamClosed) return;
      settled = true;
      forward(decoder.end());
      forwarding = false;
      cleanUp();
      resolve(result({ exitCode: exit.code, signal: exit.signal, timedOut, aborted }));
    }

    child.on('spawn', () => {
      spawned = true;
    });
    child.on('error', (error) => {
      // After a successful spawn, 'exit' still decides the result.
      if (spawned || settled) return;
      settled = true;
      cleanUp();
      resolve(result({ error: spawnError(error) }));
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      exit = { code, signal };
      clearTimeout(timer);
      if (streamClosed || stdout == null) {
        streamClosed = true;
        maybeSettle();
        return;
      }
      drainLimit = setTimeout(() => {
        // A backgrounded process still holds the pipe. Closing it would kill
        // that process with SIGPIPE on its next write (a service started with
        // nohup … & must survive), so keep draining into nothing, without
        // keeping the server alive for it.
        forward(decoder.end());
        forwarding = false;
        (stdout as Partial<Socket>).unref?.();
        streamClosed = true;
        maybeSettle();
      }, DRAIN_AFTER_EXIT_MS);
    });
  });
}

function spawnError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'spawn ENOENT (cwd missing?)';
  if (typeof code === 'string') return `spawn ${code}`;
  return error instanceof Error ? error.message : String(error);
}

/** null when the command succeeded; otherwise why it did not, in one line. */
export function describeResult(result: CommandResult): string | null {
  if (result.error !== null) return `could not start: ${result.error}`;
  if (result.aborted) return 'aborted';
  if (result.timedOut) return `timed out after ${formatDuration(result.durationMs)}`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  if (result.exitCode !== 0) return result.exitCode === null ? 'ended without an exit code' : `exited with code ${result.exitCode}`;
  return null;
}

/** 950 → "950ms", 45_000 → "45s", 600_000 → "10m", 3_723_000 → "1h2m3s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', seconds > 0 ? `${seconds}s` : ''].join('') || '0s';
}
