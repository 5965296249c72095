import { randomUUID } from 'node:crypto';
import { autoPromote } from '../rollouts/auto-promoter.ts';
import { advanceRollouts } from '../rollouts/rollout-advancer.ts';
import type { DeploymentMetrics } from './deployment-metrics.ts';
import { claimableDeployments, claimDeployment } from './deployment-store.ts';
import { runDeployment, type RunnerDeps } from './deployment-runner.ts';

export interface WorkerOptions extends Omit<RunnerDeps, 'owner'> {
  /** Deployments this server runs at once. */
  concurrency: number;
  /** How often it looks for work when nobody wakes it (another server's promotion, a pause ending). */
  tickMs: number;
  metrics?: DeploymentMetrics;
}

export interface DeploymentWorker {
  start(): void;
  /** Looks for work now: called after every change that may create some. */
  wake(): void;
  /** Resolves once nothing is running and a pass over the work finds nothing to do (tests and scripts). */
  settle(): Promise<void>;
  /** Stops looking for work and lets go of running deployments for another server. */
  stop(): Promise<void>;
}

/**
 * The engine's loop on this server: moves rollouts along (waves, pauses,
 * completion), starts auto-promotions, and claims push deployments up to its
 * concurrency. Several servers may run it on one database: every move is a
 * conditional update and every deployment a lease.
 */
export function createDeploymentWorker(options: WorkerOptions): DeploymentWorker {
  const deps: RunnerDeps = { ...options, owner: `worker-${randomUUID()}` };
  const { db, clock, logger } = options;
  const running = new Map<string, Promise<unknown>>();
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<boolean> | null = null;
  let again = false;
  let started = false;

  /** One pass; answers whether it found anything to do. */
  async function work(): Promise<boolean> {
    const now = clock.now();
    let busy = (await advanceRollouts(db, now)) > 0;
    busy = (await autoPromote(db, now)) > 0 || busy;
    if (busy) await advanceRollouts(db, now); // a promotion into an empty ring finishes at once
    while (running.size < options.concurrency && !stopping.signal.aborted) {
      const at = clock.now();
      const candidates = (await claimableDeployments(db, at.toISOString(), options.concurrency * 4)).filter((c) => !running.has(c.id));
      let claimed = 0;
      for (const candidate of candidates) {
        if (running.size >= options.concurrency || stopping.signal.aborted) break;
        const claim = await claimDeployment(db, candidate, deps.owner, at.toISOString(), new Date(at.getTime() + options.leaseMs).toISOString());
        if (!claim) continue;
        claimed++;
        const began = performance.now();
        const run = runDeployment(deps, claim, stopping.signal)
          .then((outcome) => options.metrics?.ran(outcome, (performance.now() - began) / 1000))
          .catch((error: unknown) => logger.error({ err: error, deployment: claim.id }, 'a deployment run failed unexpectedly; its lease runs out and it is tried again'))
          .finally(() => {
            running.delete(claim.id);
            options.metrics?.running(running.size);
            wake();
          });
        running.set(claim.id, run);
        options.metrics?.running(running.size);
      }
      if (claimed === 0) break;
      busy = true;
    }
    return busy;
  }

  function runPass(): Promise<boolean> {
    if (pass) {
      again = true;
      return pass;
    }
    pass = work()
      .catch((error: unknown) => {
        if (!stopping.signal.aborted) {
          logger.error({ err: error }, 'the deployment worker pass failed; it tries again');
          options.metrics?.passFailed();
        }
        return false;
      })
      .finally(() => {
        pass = null;
        if (again && !stopping.signal.aborted) {
          again = false;
          void runPass();
        }
      });
    return pass;
  }

  function schedule(): void {
    if (!started || stopping.signal.aborted) return;
    timer = setTimeout(() => {
      void runPass().finally(schedule);
    }, options.tickMs);
    timer.unref();
  }

  function wake(): void {
    if (started && !stopping.signal.aborted) void runPass();
  }

  return {
    start() {
      if (started) return;
      started = true;
      void runPass();
      schedule();
    },
    wake,
    async settle() {
      for (;;) {
        while (pass) await pass;
        const busy = await runPass();
        if (running.size === 0 && !busy && !pass) return;
        await Promise.race([...running.values(), new Promise((resolve) => setTimeout(resolve, 20))]);
      }
    },
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await pass;
      await Promise.allSettled(running.values());
    },
  };
}
