/**
 * 10,000 pull agents long-polling one server (DESIGN.md's bar: a ring of
 * 10,000 pull agents converges within two poll intervals, the server using
 * under one core). The agents are real HTTP clients, one keep-alive
 * connection each, in a few processes (bench/support/agent-swarm.ts); the
 * server runs in its own process and is measured from /proc.
 *
 *   node bench/agents.ts [--agents N] [--swarms N] [--poll SECONDS] [--engine sqlite|postgres|both]
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { machine, onBothEngines, startServer, timed } from './support/bench-server.ts';
import { cpuSeconds, measureCpu, rssMiB } from './support/process-usage.ts';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    swarms: { type: 'string', default: '4' },
    poll: { type: 'string', default: '30' },
    engine: { type: 'string', default: 'both' },
  },
});
const AGENTS = Number(values.agents);
const SWARMS = Number(values.swarms);
const POLL = Number(values.poll);
// A whole poll interval and a little more: every parked poll is answered and renewed once within it.
const IDLE_MS = (POLL + 5) * 1000;

function productFile(n: number): string {
  const targets = Array.from({ length: n }, (_, i) => `  - { name: site-${i}, ring: customers, delivery: pull, users: ${1 + (i % 50)} }`).join('\n');
  return `product: onprem
components:
  - name: server
  - name: console
    dependsOn: [server]
rings:
  - name: customers
    rollout: { waves: [10%, 100%] }
targets:
${targets}
`;
}

async function api(base: string, token: string, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

console.log(`# Pull agents: ${AGENTS.toLocaleString('en')} agents in ${SWARMS} processes, long poll ${POLL} s — ${machine()}`);

const engine = values.engine === 'sqlite' || values.engine === 'postgres' ? values.engine : undefined;
await onBothEngines(async (engineName, dataDir, databaseUrl) => {
  const server = await startServer({ dataDir, databaseUrl, env: { RINGMASTER_AGENT_POLL_SECONDS: String(POLL), ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}) } });
  const swarms: ReturnType<typeof fork>[] = [];
  try {
    const { base, token } = server;
    await api(base, token, 'POST', '/api/products/apply', { source: productFile(AGENTS), fileName: 'onprem.yaml' });
    for (const component of ['server', 'console']) {
      await api(base, token, 'POST', '/api/products/onprem/builds', { component, version: '5.0.0', commit: 'a'.repeat(40), branch: 'main', artifacts: { image: `registry.test/${component}:5.0.0` }, stages: [{ name: 'build', status: 'passed' }] });
    }
    await api(base, token, 'POST', '/api/products/onprem/releases', { version: '5.0.0', latest: true });

    const tokens: string[] = new Array(AGENTS);
    const [, tokenMs] = await timed(() => inParallel([...Array(AGENTS).keys()], 8, async (i) => {
      tokens[i] = (await api(base, token, 'POST', '/api/tokens', { name: `agent-${i}`, kind: 'agent', product: 'onprem', target: `site-${i}` })).secret;
    }));

    // The agents connect and settle into their long polls.
    const done = new Array<number>(SWARMS).fill(0);
    const errors = new Array<number>(SWARMS).fill(0);
    let ready = 0;
    const allReady = new Promise<void>((resolve) => {
      for (let s = 0; s < SWARMS; s++) {
        const child = fork(new URL('./support/agent-swarm.ts', import.meta.url).pathname, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        swarms.push(child);
        child.on('message', (m: { ready?: boolean; done?: number; errors?: number }) => {
          if (m.ready && ++ready === SWARMS) resolve();
          if (m.done !== undefined) done[s] = m.done;
          if (m.errors !== undefined) errors[s] = m.errors;
        });
        const share = tokens.slice(Math.floor((s * AGENTS) / SWARMS), Math.floor(((s + 1) * AGENTS) / SWARMS));
        child.send({ start: { base, tokens: share, waitSeconds: POLL } });
      }
    });
    const [, connectMs] = await timed(() => allReady);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = await measureCpu(server.pid, IDLE_MS);

    // Promotion: converged once the server has recorded every agent's success (or given up after ten intervals).
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const succeeded = async () => (await api(base, token, 'GET', '/api/products/onprem/releases/5.0.0/deployments?state=succeeded&limit=1')).total as number;
    const deadline = performance.now() + 10 * POLL * 1000;
    let recorded = 0;
    const t0 = performance.now();
    await api(base, token, 'POST', '/api/products/onprem/releases/5.0.0/promote', { ring: 'customers' });
    const busy = await measureCpuWhile(server.pid, async () => {
      recorded = await succeeded();
      return recorded < AGENTS && performance.now() < deadline;
    });
    const convergedMs = performance.now() - t0;
    let state = '';
    for (let i = 0; i < 100 && state !== 'succeeded'; i++) {
      state = (await api(base, token, 'GET', '/api/products/onprem/releases/5.0.0/rollouts')).rollouts[0].state;
      if (state !== 'succeeded') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const fleet = await api(base, token, 'GET', '/api/products/onprem/releases/5.0.0/deployments?state=succeeded&limit=1');

    console.log(`\n## ${engineName}`);
    console.log(`- set-up: ${AGENTS.toLocaleString('en')} agent tokens through the API in ${(tokenMs / 1000).toFixed(1)} s; all agents polling after ${(connectMs / 1000).toFixed(1)} s`);
    console.log(`- idle, ${AGENTS.toLocaleString('en')} polls held: server CPU ${(idle.cores * 100).toFixed(1)}% of one core, RSS ${idle.peakRssMiB.toFixed(0)} MiB`);
    console.log(
      recorded >= AGENTS
        ? `- promotion → all ${AGENTS.toLocaleString('en')} agents' success recorded: ${(convergedMs / 1000).toFixed(1)} s (${(convergedMs / 1000 / POLL).toFixed(2)} poll intervals); rollout ${state}; ${fleet.total.toLocaleString('en')} deployments succeeded`
        : `- promotion: NOT converged after ${(convergedMs / 1000).toFixed(0)} s: ${recorded.toLocaleString('en')} of ${AGENTS.toLocaleString('en')} recorded`,
    );
    console.log(`- during the rollout: server CPU ${(busy.cores * 100).toFixed(0)}% of one core, peak RSS ${busy.peakRssMiB.toFixed(0)} MiB; agents counted ${sum(done).toLocaleString('en')} successes; ${sum(errors)} requests retried since they started (most while 10,000 connected at once)`);
    console.log(`- server RSS after: ${rssMiB(server.pid).toFixed(0)} MiB`);
    if (recorded < AGENTS || state !== 'succeeded') process.exitCode = 1;
  } finally {
    for (const child of swarms) child.send({ stop: true });
    await Promise.all(swarms.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await server.stop();
  }
}, engine);

/** CPU share and peak memory while `going` answers true (asked every 500 ms). */
async function measureCpuWhile(pid: number, going: () => Promise<boolean>): Promise<{ cores: number; peakRssMiB: number }> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let peak = rssMiB(pid);
  while (await going()) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    peak = Math.max(peak, rssMiB(pid));
  }
  return { cores: (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000), peakRssMiB: peak };
}
