/**
 * One desired deployment, online: claim it (start), install it with the
 * journal kept up to date, report the finish. The finish report is written to
 * the journal before it is sent, so an agent that dies or loses the server
 * right then sends it first when it comes back.
 */
import type { DesiredDeployment, FinishReport } from '../agents/agent-types.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ApiError } from '../client/api-error.ts';
import { AgentRefusedError } from './agent-errors.ts';
import { install } from './installer.ts';
import { recordInstalled } from './installed.ts';
import type { Journal, JournalStore } from './journal.ts';
import { takeLog } from './log-queue.ts';
import { onlineReporter, stepReports } from './reporters.ts';

export interface OnlineInstallDeps {
  client: ApiClient;
  store: JournalStore;
  workDir: string;
  baseEnv: Record<string, string | undefined>;
  note(line: string): void;
  now(): Date;
}

/**
 * finished: reported (or dropped because the server no longer wants it);
 * unsent: the finish is in the journal, waiting for the server;
 * stopped: the agent is stopping mid-install (the journal resumes it);
 * declined: the server would not start it (409/404).
 */
export type InstallOutcome = { kind: 'finished' } | { kind: 'unsent'; journal: Journal } | { kind: 'stopped' } | { kind: 'declined' };

/** `previous` is the journal of an interrupted attempt at this deployment: its unsent log goes out with the new attempt. */
export async function installDesired(deps: OnlineInstallDeps, desired: DesiredDeployment, previous: Journal | null, stop: AbortSignal): Promise<InstallOutcome> {
  const { client, store } = deps;
  let start;
  try {
    start = await client.startDeployment(desired.id, { signal: stop });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      deps.note(`the server did not let this agent start deployment ${desired.id}: ${error.message}`);
      if (previous !== null) await store.clear();
      return { kind: 'declined' };
    }
    throw error;
  }
  const carried = previous === null ? '' : previous.unsentLog.map((chunk) => chunk.text).join('') + previous.pendingLog;
  const journal: Journal = {
    deployment: desired.id,
    attempt: start.attempt,
    manifest: desired.manifest,
    steps: start.steps,
    nextLogSeq: start.nextLogSeq,
    unsentLog: [],
    pendingLog: carried === '' ? '' : `[ringmaster-agent] log of attempt ${previous!.attempt}, not sent before it stopped:\n${carried}${carried.endsWith('\n') ? '' : '\n'}`,
    finish: null,
  };
  await store.write(journal);
  const { manifest } = desired;
  const done = start.steps.filter((s) => s.state === 'succeeded').map((s) => s.component);
  deps.note(
    `${manifest.kind === 'rollback' ? 'rolling back to' : 'installing'} ${manifest.product} ${manifest.release} (deployment ${desired.id}, attempt ${start.attempt})` +
      (done.length > 0 ? `; already done: ${done.join(', ')}` : ''),
  );

  const local = new AbortController();
  const onStop = () => local.abort();
  stop.addEventListener('abort', onStop);
  if (stop.aborted) local.abort();
  const reporter = onlineReporter({ client, journal, persist: (j) => store.write(j), stop: () => local.abort(), note: deps.note });
  let result;
  try {
    result = await install({ manifest, attempt: start.attempt, steps: start.steps, cwd: deps.workDir, baseEnv: deps.baseEnv, reporter, signal: local.signal, now: deps.now });
    await reporter.idle();
  } finally {
    stop.removeEventListener('abort', onStop);
  }
  if (reporter.refused) throw new AgentRefusedError();
  if (reporter.lost !== null) {
    deps.note(`the server took deployment ${desired.id} back (${reporter.lost}): install abandoned`);
    await store.clear();
    return { kind: 'finished' };
  }
  journal.steps = result.steps;
  if (result.state === 'aborted') {
    await store.write(journal);
    deps.note(`stopped mid-install of deployment ${desired.id}: the next start resumes it (${store.path})`);
    return { kind: 'stopped' };
  }
  const finish: FinishReport = {
    attempt: journal.attempt,
    steps: stepReports(result.steps),
    log: takeLog(journal, { all: true }),
    state: result.state,
    error: result.error,
    health: result.health,
  };
  journal.finish = finish;
  await store.write(journal);
  return (await sendFinish(deps, journal)) ? { kind: 'finished' } : { kind: 'unsent', journal };
}

/**
 * Sends the journal's finish report. True when it is settled (recorded, or
 * the server no longer wants it); false when the server could not be reached:
 * the journal keeps it for the next try. Throws AgentRefusedError on a 401.
 */
export async function sendFinish(deps: OnlineInstallDeps, journal: Journal): Promise<boolean> {
  const finish = journal.finish!;
  try {
    await deps.client.finishDeployment(journal.deployment, finish);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new AgentRefusedError();
    if (error instanceof ApiError && error.status < 500) {
      // Resending a report the server refuses cannot help: say so and let it go.
      deps.note(`the server refused the result of deployment ${journal.deployment} (${error.message}): it is dropped`);
      await deps.store.clear();
      return true;
    }
    deps.note(`could not report the result of deployment ${journal.deployment} (${error instanceof Error ? error.message : String(error)}): kept in the journal, sent when the server answers`);
    return false;
  }
  const { manifest } = journal;
  if (finish.state === 'succeeded') {
    await recordInstalled(deps.workDir, manifest, deps.now());
    deps.note(`${manifest.target} runs ${manifest.product} ${manifest.release}: reported (health ${finish.health.state}: ${finish.health.detail})`);
  } else {
    deps.note(`deployment ${journal.deployment} of ${manifest.product} ${manifest.release} failed: ${finish.error ?? 'no reason given'} (reported)`);
  }
  await deps.store.clear();
  return true;
}
