/** The health an agent reports with its finish: what the verify commands said, in one line. */
import type { HealthState, Manifest } from '../agents/agent-types.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';

export interface Health {
  state: HealthState;
  detail: string;
}

export function installHealth(manifest: Pick<Manifest, 'commands'>, steps: readonly DeploymentStep[]): Health {
  const verifyFailed = steps.find((s) => s.state === 'failed' && s.phase === 'verify');
  if (verifyFailed) return { state: 'unhealthy', detail: `verify failed for ${verifyFailed.component}: ${verifyFailed.error ?? 'no reason given'}` };
  const failed = steps.find((s) => s.state === 'failed');
  if (failed) return { state: 'unknown', detail: `not verified: ${failed.component} ${failed.phase ?? 'deploy'} failed` };
  if (manifest.commands.verify === null) return { state: 'unknown', detail: 'no verify command' };
  if (steps.length === 0 || steps.some((s) => s.state !== 'succeeded')) return { state: 'unknown', detail: 'not every component was verified' };
  return { state: 'healthy', detail: `verify passed for ${steps.map((s) => s.component).join(', ')}` };
}
