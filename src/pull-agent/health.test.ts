import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Manifest } from '../agents/agent-types.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { installHealth } from './health.ts';

const step = (component: string, state: DeploymentStep['state'], phase: DeploymentStep['phase'] = null, error: string | null = null): DeploymentStep => ({
  component, version: '1.0.0', artifact: `${component}-1-0-0-abc`, state, phase, error, exitCode: null, startedAt: null, finishedAt: null,
});
const withVerify: Pick<Manifest, 'commands'> = { commands: { install: 'i', verify: 'v', rollback: null, timeoutSeconds: 60 } };
const noVerify: Pick<Manifest, 'commands'> = { commands: { install: 'i', verify: null, rollback: null, timeoutSeconds: 60 } };

describe('install health', () => {
  const table: { name: string; manifest: Pick<Manifest, 'commands'>; steps: DeploymentStep[]; health: { state: string; detail: string } }[] = [
    { name: 'all verified', manifest: withVerify, steps: [step('api', 'succeeded', 'verify'), step('worker', 'succeeded', 'verify'), step('web', 'succeeded', 'verify')], health: { state: 'healthy', detail: 'verify passed for api, worker, web' } },
    { name: 'no verify command', manifest: noVerify, steps: [step('api', 'succeeded', 'deploy')], health: { state: 'unknown', detail: 'no verify command' } },
    { name: 'a verify failure', manifest: withVerify, steps: [step('api', 'succeeded', 'verify'), step('web', 'failed', 'verify', 'exited with code 4')], health: { state: 'unhealthy', detail: 'verify failed for web: exited with code 4' } },
    { name: 'a deploy failure', manifest: withVerify, steps: [step('api', 'failed', 'deploy', 'exited with code 3'), step('web', 'skipped')], health: { state: 'unknown', detail: 'not verified: api deploy failed' } },
    { name: 'nothing to install', manifest: withVerify, steps: [], health: { state: 'unknown', detail: 'not every component was verified' } },
  ];
  for (const row of table) it(row.name, () => assert.deepEqual(installHealth(row.manifest, row.steps), row.health));
});
