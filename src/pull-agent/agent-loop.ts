/**
 * The online agent: long-polls the target's desired state keyed by its
 * revision, installs what the server asks for, and rides out outages (the
 * last known desired state kept, retries backed off with full jitter). The
 * journal is settled first on every start: an unsent finish is sent, an
 * interrupted install is resumed if the server still wants it, else cleared.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Value from 'typebox/value';
import { DesiredStateBody } from '../agents/agent-schemas.ts';
import type { DesiredState } from '../agents/agent-types.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ApiConnectionError, ApiError } from '../client/api-error.ts';
import { AgentFailedError, AgentRefusedError } from './agent-errors.ts';
import { backoffDelay } from './backoff.ts';
import type { Journal, JournalStore } from './journal.ts';
import { installDesired, sendFinish } from './online-install.ts';

export interface AgentLoopOptions {
  client: ApiClient;
  store: JournalStore;
  workDir: string;
  pollSeconds: number;
  maxBackoffSeconds: number;
  /** Handle what is desired now, then return. */
  once: boolean;
  baseEnv: Record<string, string | undefined>;
  /** One line of the agent's own log. */
  note(line: string): void;
  /** Aborted on SIGINT / SIGTERM: the loop ends, an install in progress is left to the journal. */
  signal: AbortSignal;
  now?: () => Date;
  random?: () => number;
}

/** A long poll that got no answer this long after its wait is taken as a dead connection. */
const POLL_GRACE_SECONDS = 20;

/** A failure worth waiting out: no answer, a timeout, a server error, an answer that is not a desired state. */
function isTransient(error: unknown): boolean {
  return error instanceof ApiConnectionError || (error instanceof ApiError && (error.status >= 500 || error.code === 'invalid_response'));
}

/** Resolves when the loop ends by being stopped, or (--once) when what was desired is handled. */
export async function runAgentLoop(options: AgentLoopOptions): Promise<void> {
  const { client, store, signal, note } = options;
  const now = options.now ?? (() => new Date());
  const deps = { client, store, workDir: options.workDir, baseEnv: options.baseEnv, note, now };
  let known: DesiredState | null = null;
  let failures = 0;
  let heldNoted: string | null = null;

  const read = await store.read();
  if (read.movedAside !== null) note(`the journal could not be read and was moved to ${read.movedAside}; the server's desired state decides what to resume`);
  let journal: Journal | null = read.journal;
  if (journal !== null) note(`found the journal of deployment ${journal.deployment} (${journal.manifest.product} ${journal.manifest.release}, attempt ${journal.attempt})`);

  while (!signal.aborted) {
    try {
      if (journal?.finish) {
        if (!(await sendFinish(deps, journal))) throw new ApiConnectionError(client.baseUrl, 'the finish report was not taken');
        journal = null;
      }
      const wait = known === null ? undefined : options.pollSeconds;
      const pollSignal = AbortSignal.any([signal, AbortSignal.timeout(((wait ?? 0) + POLL_GRACE_SECONDS) * 1000)]);
      const answer: unknown = await client.desiredState({ revision: known?.revision, wait }, { signal: pollSignal });
      if (!Value.Check(DesiredStateBody, answer)) throw new ApiError(502, 'invalid_response', 'the answer to the desired-state poll is not a desired state');
      const desired = answer as DesiredState;
      if (failures > 0) note(`the server answers again after ${failures} failed ${failures === 1 ? 'try' : 'tries'}`);
      failures = 0;
      const changed = known?.revision !== desired.revision;
      known = desired;
      const deployment = desired.deployment;

      if (journal !== null && deployment?.id !== journal.deployment) {
        note(`deployment ${journal.deployment} (${journal.manifest.product} ${journal.manifest.release}) is no longer wanted by the server (cancelled or superseded): clearing the journal`);
        await store.clear();
        journal = null;
      }
      if (deployment === null) {
        if (options.once) return;
        continue;
      }
      if (deployment.holdUntil !== null) {
        if (changed && heldNoted !== `${deployment.id}@${deployment.holdUntil}`) {
          heldNoted = `${deployment.id}@${deployment.holdUntil}`;
          note(`${deployment.manifest.product} ${deployment.version} waits for the maintenance window: ${deployment.holdUntil === 'never' ? 'no window opens' : `held until ${deployment.holdUntil}`}`);
        }
        if (options.once) return;
        continue;
      }
      const outcome = await installDesired(deps, deployment, journal, signal);
      journal = outcome.kind === 'unsent' ? outcome.journal : null;
      if (outcome.kind === 'stopped') return;
      if (outcome.kind === 'unsent') throw new ApiConnectionError(client.baseUrl, 'the finish report was not taken');
      if (options.once) return;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof AgentRefusedError || (error instanceof ApiError && error.status === 401)) throw new AgentRefusedError();
      if (!isTransient(error)) {
        throw new AgentFailedError(error instanceof ApiError ? `the server refused the agent (${error.status}): ${error.message}` : error instanceof Error ? error.message : String(error));
      }
      failures++;
      const reason = error instanceof Error ? error.message : String(error);
      if (options.once) throw new AgentFailedError(`${reason}${journal !== null ? ` (the journal keeps deployment ${journal.deployment} for the next run)` : ''}`);
      const delay = backoffDelay(failures, { baseSeconds: 1, maxSeconds: options.maxBackoffSeconds }, options.random);
      const kept = known === null ? 'no desired state known yet' : `keeping the last known desired state (revision ${known.revision})`;
      note(`${reason}; ${kept}; next try in ${delay.toFixed(1)}s`);
      try {
        await sleep(delay * 1000, undefined, { signal });
      } catch {
        return;
      }
    }
  }
}
