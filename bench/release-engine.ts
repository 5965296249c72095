/**
 * Release engine figures, on SQLite and PostgreSQL, server in its own process:
 * - a promotion into a ring of 1,000 push targets: how long the promotion
 *   request takes (gates, rollout and 1,000 deployments in one transaction),
 *   then how long until every target is deployed (3 components each, a real
 *   `/bin/sh -c true` per step, 16 at once), in deployments and steps per second;
 * - the release × ring overview with 200 releases, and a filtered page of the
 *   fleet (targets with what each runs), under load.
 * Bounded: fixed sizes, each load a fixed number of seconds.
 *
 *   node bench/release-engine.ts        (also part of `npm run bench`)
 */
import autocannon from 'autocannon';
import { createApiClient } from '../src/client/api-client.ts';
import { machine, onBothEngines, startServer, timed } from './support/bench-server.ts';

const TARGETS = 1_000;
const RELEASES = 200;
const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function productFile(): string {
  const lines = [
    'product: fleet',
    'components:',
    '  - { name: api }',
    '  - { name: worker, dependsOn: [api] }',
    '  - { name: web, dependsOn: [api] }',
    'rings:',
    '  - { name: canary }',
    '  - { name: fleet, rollout: { waves: [10%, 100%] } }',
    'targets:',
    "  - { name: canary-1, ring: canary, users: 5, deploy: { command: 'true' } }",
  ];
  for (let i = 0; i < TARGETS; i++) lines.push(`  - { name: site-${i}, ring: fleet, users: ${(i % 500) + 1}, deploy: { command: 'true' } }`);
  return lines.join('\n') + '\n';
}

const stages = [{ name: 'build', status: 'passed' as const }, { name: 'unit-tests', status: 'passed' as const, tests: { passed: 10, failed: 0, skipped: 0 }, coverage: 90 }];

async function benchEngine(name: string, dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const server = await startServer({ dataDir, databaseUrl, env: { RINGMASTER_DEPLOY_CONCURRENCY: String(CONCURRENCY) } });
  try {
    const client = createApiClient({ baseUrl: server.base, token: server.token });
    await client.applyProduct({ source: productFile() });
    for (const component of ['api', 'worker', 'web']) {
      await client.registerBuild('fleet', { component, version: '1.0.0', commit: 'abcdef1234567', branch: 'main', artifacts: {}, stages });
    }
    await client.createRelease('fleet', { version: '1.0.0', latest: true });
    await client.promote('fleet', '1.0.0', 'canary');
    await waitFor(async () => (await client.getRelease('fleet', '1.0.0')).rings[0]?.state === 'succeeded');

    const [promotion, promoteMs] = await timed(() => client.promote('fleet', '1.0.0', 'fleet'));
    const [, rolloutMs] = await timed(() => waitFor(async () => (await client.getRollout(promotion.rollout.id)).state !== 'deploying'));
    const rollout = await client.getRollout(promotion.rollout.id);
    if (rollout.state !== 'succeeded') throw new Error(`the rollout ended ${rollout.state}`);

    for (let i = 1; i < RELEASES; i++) await client.createRelease('fleet', { version: `1.0.${i}`, latest: true });
    const overview = `${server.base}/api/products/fleet/overview?limit=20`;
    const [, firstOverviewMs] = await timed(() => client.overview('fleet', { limit: 20 }));
    const load = await autocannon({ url: overview, connections: 10, duration: SECONDS, headers: { authorization: `Bearer ${server.token}` } });
    const fleetUrl = `${server.base}/api/products/fleet/fleet?ring=fleet&status=ok&q=site-1&limit=100`;
    const fleet = await autocannon({ url: fleetUrl, connections: 10, duration: SECONDS, headers: { authorization: `Bearer ${server.token}` } });

    console.log(`\n## ${name}`);
    console.log(`promote into ${TARGETS.toLocaleString('en')} targets (gates, rollout, deployments in one transaction): ${promoteMs.toFixed(0)} ms`);
    console.log(`rollout of ${TARGETS.toLocaleString('en')} targets × 3 steps, ${CONCURRENCY} at once: ${(rolloutMs / 1000).toFixed(1)} s = ${(TARGETS / (rolloutMs / 1000)).toFixed(0)} deployments/s, ${((TARGETS * 3) / (rolloutMs / 1000)).toFixed(0)} steps/s`);
    console.log(`GET fleet page (100 of ${TARGETS.toLocaleString('en')} targets, filtered by ring, status and name): 10 connections ${Math.round(fleet.requests.average)} req/s, p50 ${fleet.latency.p50} ms, p99 ${fleet.latency.p99} ms${fleet.non2xx + fleet.errors ? `, ${fleet.non2xx + fleet.errors} errors` : ''}`);
    console.log(`GET overview (${RELEASES} releases, page of 20): first ${firstOverviewMs.toFixed(0)} ms; 10 connections ${Math.round(load.requests.average)} req/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms${load.non2xx + load.errors ? `, ${load.non2xx + load.errors} errors` : ''}`);
  } finally {
    await server.stop();
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

console.log(`# Ringmaster release engine benchmark — ${machine()}`);
await onBothEngines(benchEngine);
