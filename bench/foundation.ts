/**
 * Foundation figures: applying a product file with 12,000 targets (first
 * apply, then an unchanged re-apply), and the request rate of two
 * authenticated reads over real HTTP on loopback, on SQLite and PostgreSQL.
 * Bounded: each load runs a fixed number of seconds, then everything stops.
 *
 *   npm run bench                 both engines (starts a throwaway PostgreSQL)
 *   BENCH_SECONDS=5 npm run bench
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensurePostgresInstalled, startPostgres } from '../test/support/postgres.ts';

const TARGETS = 12_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

function productFile(targets: number): string {
  const rings = ['dev', 'internal', 'early-adopters', 'production', 'on-premises'];
  const lines = [
    'product: fleet',
    'components:',
    '  - { name: db-migrations }',
    '  - { name: api, dependsOn: [db-migrations] }',
    '  - { name: worker, dependsOn: [api] }',
    '  - { name: web, dependsOn: [api] }',
    'rings:',
    ...rings.map((r) => `  - { name: ${r} }`),
    'targets:',
  ];
  for (let i = 0; i < targets; i++) {
    const ring = rings[Math.min(rings.length - 1, Math.floor(Math.log10(i + 1)))]!;
    const pull = ring === 'on-premises';
    lines.push(`  - { name: site-${i}, ring: ${ring}, users: ${(i % 500) + 1}, hosting: ${pull ? 'on-prem' : 'hosted'}, delivery: ${pull ? 'pull' : 'push'}${pull ? '' : ', deploy: { command: ./deploy.sh }'}, config: { REGION: eu-${i % 7} } }`);
  }
  return lines.join('\n') + '\n';
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function load(url: string, token: string): Promise<string> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${token}` } });
  const errors = result.non2xx + result.errors;
  return `${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${errors ? `, ${errors} errors` : ''}`;
}

/** The server runs in its own process, as in production, so the load generator does not share its event loop. */
async function startServer(dataDir: string, databaseUrl: string | undefined): Promise<{ base: string; token: string; stop(): Promise<void> }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const args = ['src/cli/main.ts', 'serve', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn', ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, RINGMASTER_SECRET_KEY: randomBytes(32).toString('base64') }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const token = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(rm_[A-Za-z0-9_-]{43})/.exec(out);
      if (match && out.includes('is running at')) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    token,
    stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

async function benchEngine(name: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rm-bench-'));
  const server = await startServer(dataDir, databaseUrl);
  try {
    const { base, token } = server;
    const source = productFile(TARGETS);
    const apply = async () => {
      const res = await fetch(`${base}/api/products/apply`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ source }) });
      const body = (await res.json()) as { changes?: unknown[] };
      if (res.status !== 200) throw new Error(`apply failed: ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    };
    const [, firstMs] = await timed(apply);
    const [again, againMs] = await timed(apply);
    if (again.changes?.length !== 0) throw new Error('the unchanged re-apply reported changes');
    console.log(`\n## ${name}`);
    console.log(`apply ${TARGETS.toLocaleString('en')} targets (${(source.length / 1024 / 1024).toFixed(1)} MiB of YAML): first ${firstMs.toFixed(0)} ms, unchanged re-apply ${againMs.toFixed(0)} ms`);
    console.log(`GET /api/me                                   ${await load(`${base}/api/me`, token)}`);
    console.log(`GET /api/products/fleet/targets?ring=on-premises&limit=100  ${await load(`${base}/api/products/fleet/targets?ring=on-premises&limit=100`, token)}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`# Ringmaster foundation benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s per route (autocannon, loopback)`);
await benchEngine('SQLite', undefined);
ensurePostgresInstalled();
const cluster = await startPostgres();
try {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query('create database rm_bench');
  await client.end();
  await benchEngine('PostgreSQL', cluster.url.replace(/\/[^/]*$/, '/rm_bench'));
} finally {
  await cluster.stop();
}
