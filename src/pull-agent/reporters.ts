/**
 * Where an install's steps and log go. Online: to the server, as progress
 * reports, with the journal rewritten first so nothing is lost if the agent
 * dies between two reports. Offline: kept in memory for the result file.
 */
import type { StepReport } from '../agents/agent-types.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ApiError } from '../client/api-error.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import type { Reporter } from './installer.ts';
import type { Journal } from './journal.ts';
import { acknowledgeLog, takeLog } from './log-queue.ts';

export function stepReports(steps: readonly DeploymentStep[]): StepReport[] {
  return steps.map((s) => ({ component: s.component, state: s.state, phase: s.phase, exitCode: s.exitCode, error: s.error, startedAt: s.startedAt, finishedAt: s.finishedAt }));
}

export interface OnlineReporter extends Reporter {
  /** Resolves when no report is in flight. */
  idle(): Promise<void>;
  /** Set when the server said the deployment is not ours any more (409/404): the install must stop. */
  readonly lost: string | null;
  /** Set when the server refused the token (401). */
  readonly refused: boolean;
}

export interface OnlineReporterOptions {
  client: ApiClient;
  journal: Journal;
  /** Writes the journal (atomically). */
  persist(journal: Journal): Promise<void>;
  /** Called once when the install must stop: the deployment was taken away or the token refused. */
  stop(): void;
  /** One line for the agent's own log (warnings about reports that could not be sent). */
  note(line: string): void;
}

export function onlineReporter(options: OnlineReporterOptions): OnlineReporter {
  const { client, journal } = options;
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  let lost: string | null = null;
  let refused = false;
  let failing = false;

  const send = async (): Promise<void> => {
    queued = false;
    if (lost !== null || refused) return;
    const log = takeLog(journal);
    try {
      await options.persist(journal);
    } catch (error) {
      options.note(`could not write the journal: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      await client.reportProgress(journal.deployment, { attempt: journal.attempt, steps: stepReports(journal.steps), log });
      acknowledgeLog(journal, log);
      if (failing) options.note('progress reports reach the server again');
      failing = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        refused = true;
        options.stop();
      } else if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
        lost = error.message;
        options.stop();
      } else if (error instanceof ApiError && error.status < 500) {
        // A report the server refuses as malformed will not pass by resending it: say so and go on; the finish settles it.
        options.note(`the server refused a progress report: ${error.message}`);
        acknowledgeLog(journal, log);
      } else if (!failing) {
        failing = true;
        options.note(`could not send progress (${error instanceof Error ? error.message : String(error)}); the install goes on and the log is kept for later`);
      }
    }
  };

  /** Reports go one at a time, in order; a burst of changes while one is in flight makes one more report, not many. */
  const schedule = (): Promise<void> => {
    if (!queued) {
      queued = true;
      chain = chain.then(send);
    }
    return chain;
  };

  return {
    log(text) {
      journal.pendingLog += text;
      void schedule();
    },
    async steps(steps) {
      journal.steps = steps.map((s) => ({ ...s }));
      await schedule();
    },
    idle: () => chain,
    get lost() {
      return lost;
    },
    get refused() {
      return refused;
    },
  };
}

export interface OfflineReporter extends Reporter {
  readonly text: string;
  readonly latest: DeploymentStep[];
}

export function offlineReporter(): OfflineReporter {
  const parts: string[] = [];
  let latest: DeploymentStep[] = [];
  return {
    log: (text) => void parts.push(text),
    steps: async (steps) => {
      latest = steps.map((s) => ({ ...s }));
    },
    get text() {
      return parts.join('');
    },
    get latest() {
      return latest;
    },
  };
}
