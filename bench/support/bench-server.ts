/**
 * What the benchmarks share: a Ringmaster server in its own process (as in
 * production, so the load generator does not share its event loop), both
 * engines in turn, and a timer.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePostgresInstalled, startPostgres } from '../../test/support/postgres.ts';

export interface BenchServer {
  base: string;
  token: string;
  /** The server process, for CPU and memory readings. */
  pid: number;
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

export async function startServer(options: { dataDir: string; databaseUrl: string | undefined; cwd?: string; env?: Record<string, string> }): Promise<BenchServer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const args = [join(ROOT, 'src/cli/main.ts'), 'serve', '--data-dir', options.dataDir, '--port', String(port), '--log-level', 'warn', ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : [])];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env, RINGMASTER_SECRET_KEY: randomBytes(32).toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const token = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The whole token: it is followed by a newline once fully written.
      const match = /keep it safe:\s+(rm_\S+)\s/.exec(out);
      if (match && out.includes('is running at')) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    token,
    pid: child.pid!,
    stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

export function machine(): string {
  return `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
}

/** Runs `bench` on SQLite, then on a throwaway PostgreSQL cluster; each gets a fresh data folder. */
export async function onBothEngines(bench: (name: string, dataDir: string, databaseUrl: string | undefined) => Promise<void>, only?: 'sqlite' | 'postgres'): Promise<void> {
  const run = async (name: string, url: string | undefined) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rm-bench-'));
    try {
      await bench(name, dataDir, url);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  if (only !== 'postgres') await run('SQLite', undefined);
  if (only === 'sqlite') return;
  ensurePostgresInstalled();
  const cluster = await startPostgres();
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await client.query('create database rm_bench');
    await client.end();
    await run('PostgreSQL', cluster.url.replace(/\/[^/]*$/, '/rm_bench'));
  } finally {
    await cluster.stop();
  }
}
