/**
 * Helpers for tests that run `ringmaster agent` as real child processes: start
 * one, wait for something to come true, stop it, end the demo services its
 * deploy scripts left running, and a TCP proxy that can cut an agent off from
 * the server and let it back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { delimiter, join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');

export interface AgentProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
}

/** The environment agents run with: the project's Node.js first on PATH, as the demo's scripts expect. */
export function agentEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: [join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
    HOME: process.env.HOME ?? '/tmp',
    ...extra,
  };
}

export function startAgent(args: string[], env: Record<string, string> = agentEnv()): AgentProcess {
  const child = spawn(NODE, [join(ROOT, 'src/cli/main.ts'), 'agent', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export function isRunning(agent: AgentProcess): boolean {
  return agent.child.exitCode === null && agent.child.signalCode === null;
}

/** SIGTERM, then its exit code. */
export async function stopAgent(agent: AgentProcess): Promise<number | null> {
  if (isRunning(agent)) agent.child.kill('SIGTERM');
  return agent.exited;
}

/** For `after` hooks: whatever still runs is killed. */
export function killAgents(agents: readonly AgentProcess[]): void {
  for (const agent of agents) if (isRunning(agent)) agent.child.kill('SIGKILL');
}

/** Polls `probe` every 50 ms until it answers something truthy. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Ends the demo service (examples/daily-train/deploy/service.mjs) that deploy.sh
 * started for a site folder, by the pid it wrote, and only if that pid still
 * is that service.
 */
export function stopDemoService(site: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(join(site, 'pid'), 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('service.mjs')) return;
  } catch {
    // No /proc here: the pid file is the service's own (it removes it when it stops).
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** A loopback TCP proxy in front of the server, to cut agents off and let them back. */
export interface CuttableProxy {
  url: string;
  /** Destroys every connection through it and refuses new ones until restored. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startProxy(serverUrl: string): Promise<CuttableProxy> {
  const upstream = new URL(serverUrl);
  const open = new Set<Socket>();
  let refusing = false;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const remote = connect({ host: upstream.hostname, port: Number(upstream.port) });
    track(remote);
    client.pipe(remote);
    remote.pipe(client);
    client.once('close', () => remote.destroy());
    remote.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      refusing = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      refusing = false;
    },
    async close() {
      refusing = true;
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
