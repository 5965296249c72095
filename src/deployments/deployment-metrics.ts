import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunOutcome } from './deployment-runner.ts';

/** What the deployment worker reports on /metrics, for this server. */
export interface DeploymentMetrics {
  running(count: number): void;
  ran(outcome: RunOutcome, seconds: number): void;
  passFailed(): void;
}

export function createDeploymentMetrics(registry: Registry): DeploymentMetrics {
  const running = new Gauge({ name: 'ringmaster_deployments_running', help: 'Push deployments this server is running now', registers: [registry] });
  const runs = new Histogram({
    name: 'ringmaster_deployment_run_seconds',
    help: 'Push deployment runs on this server by outcome (succeeded, failed, lost: cancelled or taken over, stopped: let go at shutdown)',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const failedPasses = new Counter({ name: 'ringmaster_worker_pass_errors_total', help: 'Worker passes that failed (database unavailable, …) and were retried', registers: [registry] });
  return {
    running: (count) => running.set(count),
    ran: (outcome, seconds) => runs.observe({ outcome }, seconds),
    passFailed: () => failedPasses.inc(),
  };
}
