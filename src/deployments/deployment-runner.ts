import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import { buildsByIds } from '../builds/build-store.ts';
import type { Build } from '../builds/build-types.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { ComponentSpec, TargetSpec } from '../products/product-spec.ts';
import { releaseBuildIds } from '../releases/release-store.ts';
import { type CommandResult, describeResult, runCommand } from './command-runner.ts';
import { stepEnv } from './deployment-env.ts';
import { appendLog, type Claim, findDeploymentRow, freeTarget, nextLogSeq, releaseLease, renewLease, saveSteps } from './deployment-store.ts';
import type { DeploymentStep } from './deployment-types.ts';
import { finishDeployment } from './finish-deployment.ts';
import { createLogSink } from './log-sink.ts';
import { runInDependencyOrder } from './step-scheduler.ts';

export interface RunnerDeps {
  db: Kysely<Database>;
  clock: Clock;
  box: SecretBox;
  logger: Logger;
  /** This server's worker identity, written into the leases it holds. */
  owner: string;
  leaseMs: number;
  /** Commands run here (relative paths in the product file resolve against it). */
  cwd: string;
  /** The server's environment: only PATH, HOME, locale and temp settings reach commands. */
  baseEnv: Record<string, string | undefined>;
}

/** A deployment log keeps at most this much; a runaway command cannot fill the database. */
const MAX_LOG_BYTES = 1024 * 1024;
const LOG_FLUSH_MS = 1000;

/**
 * Runs one claimed push deployment: each component's deploy then verify
 * command, in dependency order, steps recorded as they end so a resumed
 * deployment skips what already succeeded. `stop` aborts it without finishing
 * it (the server is shutting down): the lease is let go for another worker.
 */
/** succeeded / failed: recorded; lost: cancelled or taken over; stopped: let go because the server stops. */
export type RunOutcome = 'succeeded' | 'failed' | 'lost' | 'stopped';

export async function runDeployment(deps: RunnerDeps, claim: Claim, stop: AbortSignal): Promise<RunOutcome> {
  const { db, clock, owner } = deps;
  const row = (await findDeploymentRow(db, claim.id))!;
  const product = (await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirstOrThrow()).name;
  const release = await db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow();
  const targetRow = await db.selectFrom('targets').select('spec').where('product_id', '=', row.product_id).where('name', '=', row.target).executeTakeFirst();
  const components = (await db.selectFrom('components').select('spec').where('product_id', '=', row.product_id).orderBy('position').execute()).map((c) => JSON.parse(c.spec) as ComponentSpec);
  const builds = new Map<string, Build>((await buildsByIds(db, Object.values(await releaseBuildIds(db, row.release_id)))).map((b) => [b.component, b]));
  const steps = JSON.parse(row.steps) as DeploymentStep[];

  const target = targetRow ? (JSON.parse(targetRow.spec) as TargetSpec) : null;
  const config: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(target?.config ?? {})) {
    const plain = value.secret ? deps.box.decrypt(value.value) : value.value;
    config[key] = plain;
    if (value.secret) secrets.push(plain);
  }

  const sink = createLogSink({ secrets, maxBytes: MAX_LOG_BYTES });
  let seq = await nextLogSeq(db, claim.id);
  const flush = async () => {
    const text = sink.flush();
    if (text !== '') await appendLog(db, claim.id, seq++, clock.now().toISOString(), text);
  };
  const local = new AbortController();
  let lost = false;
  const onStop = () => local.abort();
  stop.addEventListener('abort', onStop);
  // The server may have begun stopping while this claim was in flight: the listener would never fire.
  if (stop.aborted) local.abort();
  const heartbeat = setInterval(() => {
    void renewLease(db, claim.id, owner, new Date(clock.now().getTime() + deps.leaseMs).toISOString())
      .then((ours) => {
        if (!ours) {
          lost = true;
          local.abort();
        }
      })
      .catch((error: unknown) => deps.logger.warn({ err: error, deployment: claim.id }, 'could not renew a deployment lease'));
  }, Math.max(200, Math.floor(deps.leaseMs / 4))); // three renewals may fail or lag before the lease runs out
  const flusher = setInterval(() => void flush().catch(() => {}), LOG_FLUSH_MS);

  const action = row.kind === 'rollback' ? 'rollback' : 'deploy';
  const done = steps.filter((s) => s.state === 'succeeded').map((s) => s.component);
  sink.write(`[ringmaster] attempt ${claim.attempt}: ${action === 'rollback' ? 'rolling back' : 'deploying'} ${product} ${release.version} to ${row.target} (${row.ring})\n`);
  if (done.length > 0) sink.write(`[ringmaster] resumed: ${done.join(', ')} already done; an interrupted step runs again\n`);

  const deadline = clock.now().getTime() + (target?.deploy.timeoutSeconds ?? 600) * 1000;
  const command = target === null ? null : action === 'rollback' ? (target.deploy.rollback ?? target.deploy.command) : target.deploy.command;
  const fail = (step: DeploymentStep, phase: 'deploy' | 'verify', error: string, exitCode: number | null = null) => {
    Object.assign(step, { state: 'failed', phase, error, exitCode, finishedAt: clock.now().toISOString() });
    sink.write(`[ringmaster] ${step.component} ${phase} failed: ${error}\n`);
  };

  const runStep = async (component: string): Promise<boolean> => {
    const step = steps.find((s) => s.component === component)!;
    if (step.state === 'succeeded') return true;
    Object.assign(step, { state: 'running', phase: 'deploy', startedAt: clock.now().toISOString(), finishedAt: null, error: null, exitCode: null });
    await saveSteps(db, claim.id, owner, steps);
    if (target === null) return (fail(step, 'deploy', `target ${row.target} is no longer part of ${product}`), false);
    if (command === null) return (fail(step, 'deploy', `target ${row.target} has no deploy command`), false);
    const build = builds.get(component);
    const env = stepEnv({
      product, release: release.version, ring: row.ring, target: row.target, component, version: step.version, artifact: step.artifact,
      commit: build?.commit ?? '', branch: build?.branch ?? '', artifacts: build?.artifacts ?? {}, action, deploymentId: claim.id, attempt: claim.attempt,
      config, baseEnv: deps.baseEnv,
    });
    const run = async (phase: 'deploy' | 'verify', line: string): Promise<CommandResult | null> => {
      sink.write(`[ringmaster] ${component} ${step.version} (${step.artifact}): ${phase}\n`);
      const timeoutMs = deadline - clock.now().getTime();
      if (timeoutMs <= 0) return (fail(step, phase, 'the deployment timed out before this step'), null);
      const result = await runCommand({ command: line, env, cwd: deps.cwd, timeoutMs, signal: local.signal, onOutput: (text) => sink.write(text) });
      const problem = describeResult(result);
      if (problem !== null) return (fail(step, phase, problem, result.exitCode), null);
      return result;
    };
    if (!(await run('deploy', command))) return false;
    if (target.deploy.verify !== null) {
      step.phase = 'verify';
      if (!(await run('verify', target.deploy.verify))) return false;
    }
    Object.assign(step, { state: 'succeeded', finishedAt: clock.now().toISOString(), exitCode: 0 });
    return saveSteps(db, claim.id, owner, steps);
  };

  try {
    // Every step of the release runs, even for a component the product file has dropped since (it then has no order).
    const specs = new Map(components.map((c) => [c.name, c]));
    const nodes = steps.map((s) => ({ name: s.component, dependsOn: specs.get(s.component)?.dependsOn ?? [] }));
    const guarded = async (component: string) => {
      try {
        return await runStep(component);
      } catch (error) {
        deps.logger.error({ err: error, deployment: claim.id, component }, 'a deployment step could not be run or recorded');
        return false;
      }
    };
    const result = await runInDependencyOrder(nodes, guarded);
    for (const step of steps) {
      if (result.outcome[step.component] === 'skipped' && step.state === 'pending') step.state = 'skipped';
      // A step that failed without saying why (its record could not be written) must not read as a success.
      if (result.outcome[step.component] === 'failed' && step.state !== 'failed') {
        Object.assign(step, { state: 'failed', error: 'the step could not be recorded; the server log has the details', finishedAt: clock.now().toISOString() });
      }
    }
    if (local.signal.aborted) {
      sink.write(lost ? '[ringmaster] stopped: the deployment was cancelled or taken over\n' : '[ringmaster] stopped: the server is shutting down; another worker resumes it\n');
      await flush();
      if (lost) {
        await freeTarget(db, claim.id);
        return 'lost';
      }
      await releaseLease(db, claim.id, owner, clock.now().toISOString());
      return 'stopped';
    }
    const failedStep = steps.find((s) => s.state === 'failed');
    sink.write(failedStep ? `[ringmaster] failed\n` : `[ringmaster] done: ${row.target} runs ${product} ${release.version}\n`);
    await flush();
    const error = failedStep ? `${failedStep.component} ${failedStep.phase}: ${failedStep.error}` : null;
    const state = failedStep ? 'failed' : 'succeeded';
    if (await finishDeployment(db, { id: claim.id, owner, state, error, steps, now: clock.now() })) return state;
    // Cancelled (the release was rejected) or taken over after our lease ran out: let go of the target.
    await freeTarget(db, claim.id);
    return 'lost';
  } finally {
    clearInterval(heartbeat);
    clearInterval(flusher);
    stop.removeEventListener('abort', onStop);
  }
}
