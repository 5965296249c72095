/**
 * Installs one manifest on this machine: each component's install (or
 * rollback) command then its verify command, in dependency order, with the
 * same environment, log masking and time limit as the server's push runner.
 * Where the steps and the log go is the Reporter's business: the online one
 * sends them to the server, the offline one keeps them for the result file.
 */
import type { Manifest } from '../agents/agent-types.ts';
import { describeResult, runCommand } from '../deployments/command-runner.ts';
import { stepEnv } from '../deployments/deployment-env.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { createLogSink } from '../deployments/log-sink.ts';
import { runInDependencyOrder } from '../deployments/step-scheduler.ts';
import { type Health, installHealth } from './health.ts';

export interface Reporter {
  /** Log text, secrets already masked, in order. Must not throw. */
  log(text: string): void;
  /** A step started or ended; `steps` is the whole list. Must not reject: a reporter keeps its own failures. */
  steps(steps: readonly DeploymentStep[]): Promise<void>;
}

export interface InstallRequest {
  manifest: Manifest;
  attempt: number;
  /** The steps as the server recorded them: succeeded ones are skipped (a resumed install). */
  steps: readonly DeploymentStep[];
  /** Commands run here. */
  cwd: string;
  /** The agent's environment: only PATH, HOME, locale and temp settings reach commands. */
  baseEnv: Record<string, string | undefined>;
  reporter: Reporter;
  /** Aborting stops the running command; the result is then 'aborted'. */
  signal: AbortSignal;
  now?: () => Date;
}

export interface InstallResult {
  state: 'succeeded' | 'failed' | 'aborted';
  steps: DeploymentStep[];
  /** Why it failed, in one line: `<component> <phase>: <reason>`. */
  error: string | null;
  health: Health;
}

/** A log keeps at most this much (the server's cap for push deployments too). */
const MAX_LOG_BYTES = 1024 * 1024;
const LOG_FLUSH_MS = 1000;

export async function install(request: InstallRequest): Promise<InstallResult> {
  const { manifest, reporter, signal } = request;
  const now = request.now ?? (() => new Date());
  const steps: DeploymentStep[] = request.steps.map((s) =>
    // A step a killed attempt left running or failed starts over in this one.
    s.state === 'succeeded' ? { ...s } : { ...s, state: 'pending', phase: null, startedAt: null, finishedAt: null, exitCode: null, error: null },
  );
  const secrets = manifest.secretConfig.map((name) => manifest.config[name]).filter((value): value is string => value !== undefined);
  const sink = createLogSink({ secrets, maxBytes: MAX_LOG_BYTES });
  const flush = () => {
    const text = sink.flush();
    if (text !== '') reporter.log(text);
  };
  const flusher = setInterval(flush, LOG_FLUSH_MS);

  const action = manifest.kind === 'rollback' ? 'rollback' : 'deploy';
  const command = action === 'rollback' ? (manifest.commands.rollback ?? manifest.commands.install) : manifest.commands.install;
  const deadline = now().getTime() + manifest.commands.timeoutSeconds * 1000;
  const components = new Map(manifest.components.map((c) => [c.name, c]));
  const done = steps.filter((s) => s.state === 'succeeded').map((s) => s.component);
  sink.write(`[ringmaster-agent] attempt ${request.attempt}: ${action === 'rollback' ? 'rolling back to' : 'installing'} ${manifest.product} ${manifest.release} on ${manifest.target} (${manifest.ring})\n`);
  if (done.length > 0) sink.write(`[ringmaster-agent] resumed: ${done.join(', ')} already done; an interrupted step runs again\n`);

  const fail = (step: DeploymentStep, phase: 'deploy' | 'verify', error: string, exitCode: number | null = null): false => {
    Object.assign(step, { state: 'failed', phase, error, exitCode, finishedAt: now().toISOString() });
    sink.write(`[ringmaster-agent] ${step.component} ${phase} failed: ${error}\n`);
    return false;
  };

  const runStep = async (name: string): Promise<boolean> => {
    const step = steps.find((s) => s.component === name)!;
    if (step.state === 'succeeded') return true;
    if (signal.aborted) return false;
    Object.assign(step, { state: 'running', phase: 'deploy', startedAt: now().toISOString(), finishedAt: null, error: null, exitCode: null });
    await reporter.steps(steps);
    if (command === null) return fail(step, 'deploy', `target ${manifest.target} has no ${action === 'rollback' ? 'rollback or ' : ''}install command`);
    const component = components.get(name);
    const env = stepEnv({
      product: manifest.product, release: manifest.release, ring: manifest.ring, target: manifest.target, component: name, version: step.version,
      artifact: step.artifact, commit: component?.commit ?? '', branch: component?.branch ?? '', artifacts: component?.artifacts ?? {}, action,
      deploymentId: manifest.deployment, attempt: request.attempt, config: manifest.config, baseEnv: request.baseEnv,
    });
    const run = async (phase: 'deploy' | 'verify', line: string): Promise<boolean> => {
      sink.write(`[ringmaster-agent] ${name} ${step.version} (${step.artifact}): ${phase}\n`);
      const timeoutMs = deadline - now().getTime();
      if (timeoutMs <= 0) return fail(step, phase, 'the deployment timed out before this step');
      const result = await runCommand({ command: line, env, cwd: request.cwd, timeoutMs, signal, onOutput: (text) => sink.write(text) });
      const problem = describeResult(result);
      return problem === null ? true : fail(step, phase, problem, result.exitCode);
    };
    if (!(await run('deploy', command))) return false;
    if (manifest.commands.verify !== null) {
      step.phase = 'verify';
      if (!(await run('verify', manifest.commands.verify))) return false;
    }
    Object.assign(step, { state: 'succeeded', finishedAt: now().toISOString(), exitCode: 0 });
    flush();
    await reporter.steps(steps);
    return true;
  };

  try {
    const nodes = steps.map((s) => ({ name: s.component, dependsOn: components.get(s.component)?.dependsOn ?? [] }));
    const outcome = await runInDependencyOrder(nodes, async (name) => {
      let succeeded: boolean;
      try {
        succeeded = await runStep(name);
      } catch (error) {
        const step = steps.find((s) => s.component === name)!;
        succeeded = fail(step, step.phase ?? 'deploy', `the agent could not run this step: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!succeeded && !signal.aborted) {
        flush();
        await reporter.steps(steps);
      }
      return succeeded;
    });
    if (signal.aborted) {
      sink.write('[ringmaster-agent] stopped before the end: the install resumes with a new attempt\n');
      flush();
      return { state: 'aborted', steps, error: 'stopped', health: { state: 'unknown', detail: 'the install was stopped' } };
    }
    for (const step of steps) if (outcome.outcome[step.component] === 'skipped' && step.state === 'pending') step.state = 'skipped';
    const failed = steps.find((s) => s.state === 'failed');
    sink.write(failed ? '[ringmaster-agent] failed\n' : `[ringmaster-agent] done: ${manifest.target} runs ${manifest.product} ${manifest.release}\n`);
    flush();
    const error = failed ? `${failed.component} ${failed.phase ?? 'deploy'}: ${failed.error ?? 'failed'}` : null;
    return { state: failed ? 'failed' : 'succeeded', steps, error, health: installHealth(manifest, steps) };
  } finally {
    clearInterval(flusher);
  }
}
