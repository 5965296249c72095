/**
 * Air-gapped sites: installs a signed release bundle carried in by hand, with
 * the same installer as online, and writes the signed result file that
 * `ringmaster report import` records on the server later.
 */
import { VERSION } from '../app/version.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { readBundle, writeResultFile } from '../bundles/bundle-format.ts';
import { AgentFailedError } from './agent-errors.ts';
import { install } from './installer.ts';
import { recordInstalled } from './installed.ts';
import { offlineReporter, stepReports } from './reporters.ts';

export interface OfflineRun {
  bundle: string;
  result: string;
  workDir: string;
  serverKey: string;
  baseEnv: Record<string, string | undefined>;
  note(line: string): void;
  signal: AbortSignal;
}

export async function runOfflineBundle(run: OfflineRun): Promise<void> {
  let bundle;
  try {
    bundle = await readBundle(run.bundle, run.serverKey);
  } catch (error) {
    throw new AgentFailedError(`the bundle ${run.bundle} is refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { manifest } = bundle;
  const steps: DeploymentStep[] = manifest.components.map((c) => ({
    component: c.name, version: c.version, artifact: c.artifact, state: 'pending', startedAt: null, finishedAt: null, phase: null, exitCode: null, error: null,
  }));
  run.note(`installing ${manifest.product} ${manifest.release} from the bundle ${run.bundle}`);
  const reporter = offlineReporter();
  const startedAt = new Date();
  const result = await install({ manifest, attempt: 1, steps, cwd: run.workDir, baseEnv: run.baseEnv, reporter, signal: run.signal });
  if (result.state === 'aborted') throw new AgentFailedError('stopped before the end: no result file was written; run the bundle again');
  await writeResultFile(
    run.result,
    {
      product: manifest.product, target: manifest.target, deployment: manifest.deployment, release: manifest.release, state: result.state, error: result.error,
      steps: stepReports(result.steps), log: reporter.text, health: result.health, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), agentVersion: VERSION,
    },
    bundle,
  );
  if (result.state === 'succeeded') await recordInstalled(run.workDir, manifest, new Date());
  run.note(`${result.state === 'succeeded' ? `installed ${manifest.product} ${manifest.release}` : `the install failed: ${result.error ?? 'no reason given'}`}; the signed result is in ${run.result}`);
  if (result.state === 'failed') throw new AgentFailedError(`the install of ${manifest.product} ${manifest.release} failed (${result.error ?? 'no reason given'}); the signed result is in ${run.result}`);
}
