/**
 * The dashboard benchmark's data, at the size of the design's bar: a product
 * of 12,000 targets over five rings (applied through the API), then 200
 * releases of history written straight into the database in one transaction,
 * row for row as the release engine would have written them: builds, releases
 * and their bills of materials, one promotion per release and ring it entered,
 * one deployment per target of the ring, and what each target runs now.
 *
 * Nothing written is work for the server's deployment worker: finished
 * rollouts are finished, and the one still deploying has its running
 * deployments leased to another (imaginary) server and the rest waiting in
 * waves not started yet. The answer is what the overview must show, worked
 * out while writing, so the benchmark can check the API against it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/app/database-schema.ts';
import { artifactName } from '../../src/builds/artifact-name.ts';
import type { DeploymentsTable, DeploymentState, DeploymentStep, TargetStatesTable } from '../../src/deployments/deployment-types.ts';
import { SERVER_ACTOR } from '../../src/events/event-types.ts';
import type { RingSpec } from '../../src/products/product-spec.ts';
import type { ReleasesTable, ReleaseState, RolloutState } from '../../src/releases/release-types.ts';
import { planWaves } from '../../src/rollouts/rollout-plan.ts';

export const PRODUCT = 'atlas';
export const RINGS = ['dev', 'internal', 'early-adopters', 'production', 'on-premises'] as const;
const RING_SIZES = [20, 100, 1_000, 8_880, 2_000];
export const TARGET_COUNT = RING_SIZES.reduce((a, b) => a + b, 0);
export const RELEASE_COUNT = 200;
/** Releases that entered each ring, in ring order: a daily train thinning out towards the customers. */
export const ENTERED = [200, 150, 40, 20, 5];

const ACTOR = 'admin';
const COMPONENTS = ['api', 'worker', 'web'];
const REGIONS = ['eu', 'us', 'ap'];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** When a release enters each ring, after it is cut. */
const RING_OFFSET = [15 * MINUTE, 4 * 60 * MINUTE, DAY, 2 * DAY, 3 * DAY];
/** Deployments run 16 at a time, a group a minute. */
const CONCURRENCY = 16;
const ROWS_PER_INSERT = 1_000;

/** The newest release, part-way through production; one halted there with failures; one rejected in early-adopters. */
export const DEPLOYING = RELEASE_COUNT - 1;
export const HALTED = RELEASE_COUNT - 11;
export const REJECTED = RELEASE_COUNT - 6;
const HALT_WAVE = 2;
const HALT_FAILURES = [37, 121, 208, 290, 399];
const DEPLOYING_WAVE = 1;
const REJECT_WAVE = 1;
const REJECT_SUCCEEDED = 496;
const REJECT_REASON = 'exports of large files come out corrupt';

export function versionOf(i: number): string {
  return `4.${Math.floor(i / 20)}.${i % 20}`;
}

/** How many rings release `i` entered (1 = dev only). Gives ENTERED exactly (checked when writing). */
function reachOf(i: number): number {
  if (i % 40 === 19) return 5;
  if (i % 10 === 9) return 4;
  if (i % 5 === 4) return 3;
  return [0, 3, 6, 11, 15].includes(i % 20) ? 1 : 2;
}

/** A fixed spread, so every run writes the same fleet. */
function spread(i: number, salt: number, range: number): number {
  return ((Math.imul(i + 1, 2654435761) ^ Math.imul(salt + 1, 40503)) >>> 0) % range;
}

interface TargetLine {
  name: string;
  ring: string;
  users: number;
  hosting: string;
  pull: boolean;
  region: string;
}

function targetLines(): TargetLine[] {
  const lines: TargetLine[] = [];
  const prefix = ['dev', 'internal', 'ea', 'prod', 'onprem'];
  const users = [[2, 8], [10, 60], [5, 400], [20, 5_000], [50, 3_000]] as const;
  RINGS.forEach((ring, r) => {
    for (let i = 0; i < RING_SIZES[r]!; i++) {
      const region = REGIONS[i % REGIONS.length]!;
      const [low, high] = users[r]!;
      lines.push({
        name: `${prefix[r]}-${region}-${String(i).padStart(4, '0')}`,
        ring,
        users: low + spread(i, r, high - low),
        hosting: r < 2 ? 'internal' : r === 4 ? 'on-prem' : r === 2 && i % 10 === 0 ? 'demo' : 'hosted',
        pull: r === 4,
        region,
      });
    }
  });
  return lines;
}

/** The product file: 3 components, 5 rings (waves in the last three, a blessing gate before production), 12,000 targets. */
export function productFile(): string {
  const lines = [
    `product: ${PRODUCT}`,
    'description: A hosted design suite with on-premises installs, at the size of the dashboard bar.',
    'components:',
    '  - { name: api }',
    '  - { name: worker, dependsOn: [api] }',
    '  - { name: web, dependsOn: [api] }',
    'rings:',
    '  - { name: dev }',
    '  - { name: internal }',
    '  - { name: early-adopters, rollout: { waves: [10%, 100%], pause: 30m } }',
    '  - { name: production, gates: [{ blessed: true }], rollout: { waves: [1%, 10%, 50%, 100%], pause: 10m, haltOnFailures: 5 } }',
    '  - { name: on-premises, rollout: { waves: [5%, 100%], pause: 1h, unreachable: skip } }',
    'targets:',
  ];
  for (const t of targetLines()) {
    const delivery = t.pull ? 'delivery: pull' : 'deploy: { command: ./deploy.sh }';
    lines.push(`  - { name: ${t.name}, ring: ${t.ring}, users: ${t.users}, hosting: ${t.hosting}, ${delivery}, labels: { region: ${t.region} } }`);
  }
  return lines.join('\n') + '\n';
}

/** One cell of the overview as the API must answer it. */
export interface ExpectedCell {
  ring: string;
  state: RolloutState | null;
  total: number;
  succeeded: number;
  failed: number;
  running: number;
  pending: number;
  cancelled: number;
  skipped: number;
  currentWave: number | null;
  waves: number | null;
  targetsOn: number;
  usersOn: number;
}

export interface ExpectedRelease {
  version: string;
  state: ReleaseState;
  cells: ExpectedCell[];
}

export interface History {
  /** Newest first, as the overview lists them. */
  releases: ExpectedRelease[];
  rings: { name: string; targets: number; users: number }[];
  /** Targets by status, as the fleet page counts them. */
  statuses: Record<'ok' | 'failed' | 'deploying' | 'never', number>;
  deployments: number;
  /** The first target in product order. */
  firstTarget: string;
  /** How many target names contain `text`, ignoring case. */
  matching(text: string): number;
}

interface Target {
  name: string;
  ring: string;
  users: number;
  delivery: string;
}

type Outcome = 'succeeded' | 'deploying' | 'halted' | 'rejected';

interface Deployment {
  state: DeploymentState;
  startedAt: number | null;
  finishedAt: number | null;
}

/**
 * When each deployment of a rollout starts and ends, and how it ends. Wave by
 * wave, 16 at a time, a pause between waves.
 */
function runRollout(assignments: number[], waveCount: number, pauseMs: number, start: number, outcome: Outcome): { deployments: Deployment[]; currentWave: number; end: number } {
  const deployments: Deployment[] = [];
  let waveStart = start + 1_000;
  let end = start;
  let currentWave = waveCount - 1;
  for (let wave = 0; wave < waveCount; wave++) {
    const members = assignments.flatMap((w, k) => (w === wave ? [k] : []));
    let waveEnd = waveStart;
    members.forEach((k, j) => {
      const startedAt = waveStart + Math.floor(j / CONCURRENCY) * MINUTE;
      const finishedAt = startedAt + 40_000 + (j % 5) * 2_000;
      waveEnd = Math.max(waveEnd, finishedAt);
      deployments[k] = { state: 'succeeded', startedAt, finishedAt };
    });
    const stopAt = outcome === 'deploying' ? DEPLOYING_WAVE : outcome === 'halted' ? HALT_WAVE : outcome === 'rejected' ? REJECT_WAVE : Infinity;
    if (wave === stopAt) {
      currentWave = wave;
      end = endWave(deployments, members, outcome);
      for (const k of assignments.flatMap((w, i) => (w > wave ? [i] : []))) deployments[k] = outcome === 'deploying' ? { state: 'pending', startedAt: null, finishedAt: null } : { state: 'cancelled', startedAt: null, finishedAt: end };
      return { deployments, currentWave, end };
    }
    end = waveEnd;
    waveStart = waveEnd + pauseMs;
  }
  return { deployments, currentWave, end };
}

/** The wave a rollout stopped in: answers when it stopped (or, still deploying, when its last deployments started). */
function endWave(deployments: Deployment[], members: number[], outcome: Outcome): number {
  if (outcome === 'deploying') {
    // The last group is still running; nothing of the wave is left waiting (the worker would claim it).
    const running = members.slice(-CONCURRENCY);
    for (const k of running) deployments[k] = { ...deployments[k]!, state: 'running', finishedAt: null };
    return deployments[running[0]!]!.startedAt!;
  }
  if (outcome === 'halted') {
    // Deployments start until the fifth failure halts the rollout; those not started are cancelled.
    const started = members.slice(0, HALT_FAILURES.at(-1)! + 1);
    for (const j of HALT_FAILURES) deployments[members[j]!]!.state = 'failed';
    const at = Math.max(...started.map((k) => deployments[k]!.finishedAt!));
    for (const k of members.slice(started.length)) deployments[k] = { state: 'cancelled', startedAt: null, finishedAt: at };
    return at;
  }
  // Rejected while a group was running: it is cancelled with everything after it.
  const at = deployments[members[REJECT_SUCCEEDED]!]!.startedAt! + 20_000;
  members.slice(REJECT_SUCCEEDED).forEach((k, j) => {
    deployments[k] = { state: 'cancelled', startedAt: j < CONCURRENCY ? deployments[k]!.startedAt : null, finishedAt: at };
  });
  return at;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Steps as the runner leaves them: api first, then worker and web. */
function stepsFor(base: DeploymentStep[], d: Deployment): DeploymentStep[] {
  const at = (s: number) => iso(d.startedAt! + s * 1_000);
  return base.map((step, i) => {
    const begin = i === 0 ? 0 : 14;
    const ran = { ...step, startedAt: d.startedAt === null ? null : at(begin), phase: d.startedAt === null ? null : ('deploy' as const) };
    if (d.state === 'succeeded') return { ...ran, state: 'succeeded', finishedAt: at(begin + 12 + i), exitCode: 0 };
    if (d.state === 'failed') {
      if (i === 0) return { ...ran, state: 'succeeded', finishedAt: at(12), exitCode: 0 };
      // The worker's deploy fails; web, which does not depend on it, still runs.
      if (i === 1) return { ...ran, state: 'failed', finishedAt: at(30), exitCode: 1, error: 'exited with code 1' };
      return { ...ran, state: 'succeeded', finishedAt: at(begin + 12 + i), exitCode: 0 };
    }
    if (d.startedAt !== null && d.state !== 'pending') {
      // Running (or cancelled while running): api done, the others under way.
      return i === 0 ? { ...ran, state: 'succeeded', finishedAt: at(12), exitCode: 0 } : { ...ran, state: 'running' };
    }
    return step;
  });
}

/** Writes the 200 releases' history for the applied product; answers what the overview and fleet must show. */
export async function writeHistory(db: Kysely<Database>, now: Date): Promise<History> {
  const product = await db.selectFrom('products').select('id').where('name', '=', PRODUCT).executeTakeFirstOrThrow();
  const ringRows = await db.selectFrom('rings').select(['name', 'spec']).where('product_id', '=', product.id).orderBy('position').execute();
  const rings = ringRows.map((r) => JSON.parse(r.spec) as RingSpec);
  const targetRows = await db.selectFrom('targets').select(['name', 'ring', 'users', 'delivery']).where('product_id', '=', product.id).orderBy('position').execute();
  const targets: Target[] = targetRows.map((t) => ({ ...t, users: Number(t.users) }));
  const byRing = new Map(rings.map((ring) => [ring.name, targets.filter((t) => t.ring === ring.name)]));
  if (rings.map((r) => r.name).join() !== RINGS.join() || targets.length !== TARGET_COUNT) throw new Error('the applied product is not the benchmark product');

  const reach = Array.from({ length: RELEASE_COUNT }, (_, i) => reachOf(i));
  const entered = RINGS.map((_, r) => reach.filter((n) => n > r).length);
  if (entered.join() !== ENTERED.join()) throw new Error(`releases entered the rings ${entered.join()} times, not ${ENTERED.join()}`);

  // The newest release's production rollout is timed so its running group started 20 s ago.
  const productionPlan = planWaves(byRing.get('production')!.length, rings[3]!.rollout.waves);
  const probe = runRollout(productionPlan.assignments, productionPlan.waveCount, rings[3]!.rollout.pauseSeconds * 1000, 0, 'deploying');
  const deployingStart = now.getTime() - 20_000 - probe.end;
  const firstCreated = deployingStart - RING_OFFSET[3]! - DEPLOYING * DAY;
  const leaseUntil = iso(now.getTime() + DAY); // another server's lease; it outlives the benchmark
  const leaseOwner = `worker-${randomUUID()}`;

  const states = new Map<string, TargetStatesTable>(targets.map((t) => [t.name, { product_id: product.id, target: t.name, release_id: null, since: null, last_deployment_id: null, last_state: null, holder: null, held_until: null }]));
  const releaseRows: ReleasesTable[] = [];
  const cells = new Map<string, ExpectedCell>();
  let deploymentCount = 0;

  await db.transaction().execute(async (trx) => {
    // Builds: api and web are built for every release; the worker changes every fourth.
    const buildIds = new Map<string, string>();
    const builds: Database['builds'][] = [];
    for (let i = 0; i < RELEASE_COUNT; i++) {
      for (const component of COMPONENTS) {
        const version = versionOf(component === 'worker' ? i - (i % 4) : i);
        if (buildIds.has(`${component} ${version}`)) continue;
        const id = randomUUID();
        buildIds.set(`${component} ${version}`, id);
        const commit = (spread(i, COMPONENTS.indexOf(component), 0xffffffff).toString(16).padStart(8, '0') + '0'.repeat(32)).slice(0, 40);
        const at = iso(firstCreated + i * DAY - 30 * MINUTE);
        const stages = [{ name: 'build', status: 'passed' }, { name: 'unit-tests', status: 'passed', tests: { passed: 1_200 + i, failed: 0, skipped: 3 }, coverage: 84 }];
        builds.push({ id, product_id: product.id, component, version, commit_sha: commit, branch: 'main', artifact: artifactName(component, version, commit), artifacts: '{}', stages: JSON.stringify(stages), commits: '[]', green: 1, created_by: 'ci', created_at: at, updated_at: at });
      }
    }
    await insertChunks(trx, 'builds', builds);

    // First what happened, release by release (rollouts and how each release's state moved), then the rows.
    const releaseBuilds: Database['release_builds'][] = [];
    const rollouts: Database['rollouts'][] = [];
    const runs: { rollout: Database['rollouts']; targets: Target[]; assignments: number[]; deployments: Deployment[]; steps: DeploymentStep[] }[] = [];
    for (let i = 0; i < RELEASE_COUNT; i++) {
      const created = firstCreated + i * DAY;
      const releaseId = randomUUID();
      const bom = COMPONENTS.map((component) => ({ component, version: versionOf(component === 'worker' ? i - (i % 4) : i) }));
      for (const b of bom) releaseBuilds.push({ release_id: releaseId, component: b.component, build_id: buildIds.get(`${b.component} ${b.version}`)! });
      const steps: DeploymentStep[] = bom.map((b) => ({ ...b, artifact: builds.find((x) => x.id === buildIds.get(`${b.component} ${b.version}`))!.artifact, state: 'pending', startedAt: null, finishedAt: null, phase: null, exitCode: null, error: null }));
      const release: ReleasesTable = { id: releaseId, product_id: product.id, version: versionOf(i), state: 'in-progress', base_version: null, blessed_at: null, state_reason: null, state_by: ACTOR, state_at: iso(created + RING_OFFSET[0]!), created_by: ACTOR, created_at: iso(created), components: null };

      for (let r = 0; r < reach[i]!; r++) {
        const ring = rings[r]!;
        const ringTargets = byRing.get(ring.name)!;
        const plan = planWaves(ringTargets.length, ring.rollout.waves);
        const outcome: Outcome = i === DEPLOYING && r === 3 ? 'deploying' : i === HALTED && r === 3 ? 'halted' : i === REJECTED && r === 2 ? 'rejected' : 'succeeded';
        const start = outcome === 'deploying' ? deployingStart : created + RING_OFFSET[r]!;
        const run = runRollout(plan.assignments, plan.waveCount, ring.rollout.pauseSeconds * 1000, start, outcome);
        const failures = run.deployments.filter((d) => d.state === 'failed').length;
        const rollout: Database['rollouts'] = {
          id: randomUUID(),
          product_id: product.id,
          release_id: releaseId,
          ring: ring.name,
          kind: 'promotion',
          state: outcome === 'deploying' ? 'deploying' : outcome === 'halted' ? 'halted' : outcome === 'rejected' ? 'cancelled' : 'succeeded',
          waves: plan.waveCount,
          current_wave: run.currentWave,
          next_wave_at: null,
          failures,
          policy: JSON.stringify(ring.rollout),
          reason: outcome === 'halted' ? `halted after ${failures} failed deployment(s) (haltOnFailures ${ring.rollout.haltOnFailures})` : outcome === 'rejected' ? `release rejected by ${ACTOR}` : null,
          started_by: ACTOR,
          started_at: iso(start),
          finished_at: outcome === 'deploying' ? null : iso(run.end),
        };
        rollouts.push(rollout);
        runs.push({ rollout, targets: ringTargets, assignments: plan.assignments, deployments: run.deployments, steps });

        // The release moves as the engine moves it: blessed after early-adopters, done after the last ring, superseding older moving ones.
        const at = iso(run.end);
        if (outcome === 'rejected') Object.assign(release, { state: 'rejected', state_at: at, state_by: ACTOR, state_reason: REJECT_REASON });
        if (outcome === 'succeeded' && r === 2) Object.assign(release, { state: 'blessed', state_at: at, state_by: SERVER_ACTOR, blessed_at: at });
        if (outcome === 'succeeded' && r === 4) {
          Object.assign(release, { state: 'done', state_at: at, state_by: SERVER_ACTOR });
          for (const older of releaseRows) {
            if (older.state === 'in-progress' || older.state === 'blessed') Object.assign(older, { state: 'superseded', state_at: at, state_by: SERVER_ACTOR, state_reason: `superseded by ${release.version}` });
          }
        }
      }
      releaseRows.push(release);
    }
    await insertChunks(trx, 'releases', releaseRows);
    await insertChunks(trx, 'release_builds', releaseBuilds);
    await insertChunks(trx, 'rollouts', rollouts);

    // Deployments, rollout by rollout in the order they ran, each moving what its target runs as finishDeployment would.
    for (const { rollout, targets: ringTargets, assignments, deployments, steps } of runs) {
      const rows: DeploymentsTable[] = ringTargets.map((target, seq) => {
        const d = deployments[seq]!;
        const id = randomUUID();
        const running = d.state === 'running';
        const s = states.get(target.name)!;
        if (d.state === 'succeeded') Object.assign(s, { release_id: rollout.release_id, since: iso(d.finishedAt!), last_deployment_id: id, last_state: 'succeeded' });
        if (d.state === 'failed') Object.assign(s, { last_deployment_id: id, last_state: 'failed' });
        if (running) Object.assign(s, { holder: id, held_until: leaseUntil });
        return {
          id,
          rollout_id: rollout.id,
          product_id: product.id,
          release_id: rollout.release_id,
          ring: rollout.ring,
          target: target.name,
          delivery: target.delivery,
          kind: 'deploy',
          wave: assignments[seq]!,
          seq,
          state: d.state,
          steps: JSON.stringify(stepsFor(steps, d)),
          attempts: d.startedAt === null ? 0 : 1,
          lease_owner: running ? leaseOwner : null,
          lease_expires_at: running ? leaseUntil : null,
          error: d.state === 'failed' ? 'worker deploy: exited with code 1' : d.state === 'cancelled' ? (rollout.state === 'halted' ? 'the rollout halted' : rollout.reason) : null,
          created_at: rollout.started_at,
          started_at: d.startedAt === null ? null : iso(d.startedAt),
          finished_at: d.finishedAt === null ? null : iso(d.finishedAt),
          offline_key: null,
        };
      });
      await insertChunks(trx, 'deployments', rows);
      deploymentCount += rows.length;
      const count = (s: DeploymentState) => rows.filter((d) => d.state === s).length;
      cells.set(`${rollout.release_id} ${rollout.ring}`, {
        ring: rollout.ring, state: rollout.state as RolloutState, total: rows.length, succeeded: count('succeeded'), failed: count('failed'), running: count('running'), pending: count('pending'), cancelled: count('cancelled'), skipped: count('skipped'),
        currentWave: rollout.current_wave, waves: rollout.waves, targetsOn: 0, usersOn: 0,
      });
    }
    await insertChunks(trx, 'target_states', [...states.values()]);
  });

  // Who runs what now: the overview's blast radius.
  for (const t of targets) {
    const s = states.get(t.name)!;
    const cell = s.release_id === null ? undefined : cells.get(`${s.release_id} ${t.ring}`);
    if (cell) {
      cell.targetsOn++;
      cell.usersOn += t.users;
    }
  }
  const statuses = { ok: 0, failed: 0, deploying: 0, never: 0 };
  for (const s of states.values()) statuses[s.holder !== null ? 'deploying' : s.last_state === 'failed' ? 'failed' : s.last_state === 'succeeded' ? 'ok' : 'never']++;

  return {
    releases: releaseRows
      .map((row) => ({ version: row.version, state: row.state as ReleaseState, cells: RINGS.map((ring) => cells.get(`${row.id} ${ring}`) ?? emptyCell(ring)) }))
      .reverse(),
    rings: RINGS.map((ring) => ({ name: ring, targets: byRing.get(ring)!.length, users: byRing.get(ring)!.reduce((sum, t) => sum + t.users, 0) })),
    statuses,
    deployments: deploymentCount,
    firstTarget: targets[0]!.name,
    matching: (text) => targets.filter((t) => t.name.toLowerCase().includes(text.toLowerCase())).length,
  };
}

function emptyCell(ring: string): ExpectedCell {
  return { ring, state: null, total: 0, succeeded: 0, failed: 0, running: 0, pending: 0, cancelled: 0, skipped: 0, currentWave: null, waves: null, targetsOn: 0, usersOn: 0 };
}

/** Inserts in chunks that keep both engines under their bound-parameter limits. */
async function insertChunks<T extends keyof Database>(db: Kysely<Database>, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + ROWS_PER_INSERT) as any).execute();
  }
}
