/**
 * Foundation figures: applying a product file with 12,000 targets (first
 * apply, then an unchanged re-apply), and the request rate of two
 * authenticated reads over real HTTP on loopback, on SQLite and PostgreSQL.
 * Bounded: each load runs a fixed number of seconds, then everything stops.
 *
 *   npm run bench                 both engines (starts a throwaway PostgreSQL)
 *   BENCH_SECONDS=5 npm run bench
 */
import autocannon from 'autocannon';
import { machine, onBothEngines, startServer, timed } from './support/bench-server.ts';

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

async function load(url: string, token: string): Promise<string> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${token}` } });
  const errors = result.non2xx + result.errors;
  return `${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${errors ? `, ${errors} errors` : ''}`;
}

async function benchEngine(name: string, dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const server = await startServer({ dataDir, databaseUrl });
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
  }
}

console.log(`# Ringmaster foundation benchmark — ${machine()}`);
console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s per route (autocannon, loopback)`);
await onBothEngines(benchEngine);
