import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { findDeploymentRow } from '../deployments/deployment-store.ts';
import type { DeploymentStep, DeploymentsTable } from '../deployments/deployment-types.ts';
import { finishDeployment } from '../deployments/finish-deployment.ts';
import { redactSecrets } from '../deployments/log-sink.ts';
import { maintenanceHold } from '../deployments/maintenance-window.ts';
import type { EventFeed } from '../events/event-feed.ts';
import { latestEventId } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { ConflictError, NotAllowedError, NotFoundError } from '../platform/errors/errors.ts';
import type { ComponentSpec } from '../products/product-spec.ts';
import { findProduct } from '../products/product-store.ts';
import { createShortCache } from '../platform/short-cache.ts';
import type { DesiredState, FinishReport, ProgressReport, StartAnswer } from './agent-types.ts';
import { createContactRecorder } from './contact-recorder.ts';
import { pickDesired } from './desired-pick.ts';
import { createDesiredHub } from './desired-hub.ts';
import { createManifestBuilder, targetSpec } from './manifest.ts';
import { capLog } from './log-cap.ts';
import { findOwnDeployment, keptLog, openDeploymentsOfTarget, ownedRunning, saveProgress, startPullDeployment } from './pull-store.ts';
import { createDesiredReader } from './desired-reader.ts';
import { skipUnreachable } from './skip-unreachable.ts';
import { applyStepReport } from './step-report.ts';

export interface AgentServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  box: SecretBox;
  feed: EventFeed;
  logger: Logger;
  /** Longest hold of a poll whose revision is current. */
  pollSeconds: number;
  unreachableSeconds: number;
  /** After a report that may move a rollout along. */
  onChange: () => void;
}

export interface AgentCaller {
  version: string | null;
  hostname: string | null;
}

export interface AgentService {
  desired(by: Principal, query: { revision?: string | undefined; wait?: number | undefined }, caller: AgentCaller, closed: AbortSignal): Promise<DesiredState>;
  start(by: Principal, id: string): Promise<StartAnswer>;
  progress(by: Principal, id: string, report: ProgressReport): Promise<{ state: string }>;
  finish(by: Principal, id: string, report: FinishReport): Promise<{ state: string }>;
  /** Claims and finishes a deployment in one go, for a result carried back from an air-gapped site. */
  recordOffline(product: string, target: string, id: string, report: FinishReport, startedAt: string | null): Promise<{ state: string }>;
  /** Contacts written and unreachable targets skipped; the server runs it every second. */
  upkeep(): Promise<void>;
  close(): void;
}

/** The agent's own target: agent tokens are bound to one. */
function agentOf(by: Principal): { product: string; target: string } {
  if (by.kind !== 'agent' || by.product === null || by.target === null) {
    throw new NotAllowedError('this route is for agents: call it with an agent token, which is bound to one target');
  }
  return { product: by.product, target: by.target };
}

export function createAgentService(options: AgentServiceOptions): AgentService {
  const { db, clock, box } = options;
  const unreachableMs = options.unreachableSeconds * 1000;
  const contacts = createContactRecorder(db, Math.min(60_000, Math.max(1000, Math.floor(unreachableMs / 4))));

  // Every agent request names its product; ten thousand agents need not each look it up.
  const products = createShortCache<{ id: string; name: string } | undefined>(2000);
  async function productOf(name: string): Promise<{ id: string; name: string }> {
    const product = await products.get(name, async () => {
      const row = await findProduct(db, name);
      return row && { id: row.id, name: row.name };
    });
    if (!product) throw new NotFoundError(`product '${name}' does not exist`);
    return product;
  }

  const manifests = createManifestBuilder(db, box);
  // Thousands of agents finishing within seconds need one look at their rollouts, not one each.
  let wakeTimer: NodeJS.Timeout | null = null;
  const wakeSoon = () => {
    wakeTimer ??= setTimeout(() => {
      wakeTimer = null;
      options.onChange();
    }, 200);
  };

  const reader = createDesiredReader({ db, clock, manifests, pollSeconds: options.pollSeconds });
  const { compute } = reader;

  const hub = createDesiredHub({ feed: options.feed, logger: options.logger, ...reader, latestEventId: () => latestEventId(db) });

  const dependencies = createShortCache<Map<string, string[]>>(2000);
  function dependsOnOf(productId: string): Promise<Map<string, string[]>> {
    return dependencies.get(productId, async () => {
      const rows = await db.selectFrom('components').select('spec').where('product_id', '=', productId).execute();
      return new Map(rows.map((r) => JSON.parse(r.spec) as ComponentSpec).map((c) => [c.name, c.dependsOn]));
    });
  }

  async function secretsOf(row: DeploymentsTable): Promise<string[]> {
    const spec = await targetSpec(db, row.product_id, row.target);
    return Object.values(spec?.config ?? {}).filter((v) => v.secret).map((v) => box.decrypt(v.value));
  }

  /** Checks and records a report; answers the steps as recorded. */
  async function record(productId: string, target: string, owner: string, id: string, report: ProgressReport, outcome: 'succeeded' | 'failed' | null): Promise<DeploymentStep[]> {
    const row = await findOwnDeployment(db, id, productId, target);
    await ownedRunning(db, row, owner, report.attempt);
    const steps = applyStepReport(JSON.parse(row.steps) as DeploymentStep[], report.steps, await dependsOnOf(productId), outcome);
    const secrets = report.log.length > 0 ? await secretsOf(row) : [];
    const log = capLog(report.log.map((chunk) => ({ seq: chunk.seq, text: redactSecrets(chunk.text, secrets) })), report.log.length > 0 ? await keptLog(db, id) : { chars: 0, cut: false });
    // A finish writes its steps with the end itself (finishDeployment): only its log goes ahead.
    const stepsNow = outcome === null ? steps : null;
    if (!(await saveProgress(db, id, owner, report.attempt, stepsNow, log, clock.now().toISOString()))) {
      throw new ConflictError(`deployment '${id}' changed meanwhile: stop working on it`, [], 'not_running');
    }
    return steps;
  }

  async function finishAs(productId: string, target: string, owner: string, id: string, report: FinishReport): Promise<{ state: string }> {
    const steps = await record(productId, target, owner, id, report, report.state);
    const failed = steps.find((s) => s.state === 'failed');
    // An empty error says nothing: the failed step says more.
    const error = report.state === 'failed' ? (report.error?.trim() || (failed ? `${failed.component} ${failed.phase ?? 'deploy'}: ${failed.error ?? 'failed'}` : 'failed')) : null;
    const now = clock.now();
    if (!(await finishDeployment(db, { id, owner, state: report.state, error, steps, now }))) {
      throw new ConflictError(`deployment '${id}' changed meanwhile: stop working on it`, [], 'not_running');
    }
    // The agent's row may not be written yet (contacts are written in batches): make it.
    const health = { health: report.health.state, health_detail: report.health.detail, health_at: now.toISOString() };
    await db
      .insertInto('agents')
      .values({ product_id: productId, target, token_id: null, agent_version: null, hostname: null, last_contact_at: null, ...health })
      .onConflict((oc) => oc.columns(['product_id', 'target']).doUpdateSet(health))
      .execute();
    wakeSoon();
    return { state: report.state };
  }

  async function mayStart(trx: Kysely<Database>, row: DeploymentsTable): Promise<void> {
    const open = await openDeploymentsOfTarget(trx, row.product_id, row.target);
    const hold = maintenanceHold((await targetSpec(trx, row.product_id, row.target))?.maintenanceWindow ?? null, clock.now().getTime());
    const pick = pickDesired(open, row.state === 'running' ? null : hold);
    if (pick?.id !== row.id) {
      throw new ConflictError(`deployment '${row.id}' is ${row.state}${row.error ? ` (${row.error})` : ''} and not the one to do now: ask for the desired state again`, [{ state: row.state }], 'not_desired');
    }
    if (pick.holdUntil !== null) throw new ConflictError(`the maintenance window of ${row.target} is shut until ${pick.holdUntil}: start then`, [{ holdUntil: pick.holdUntil }], 'held');
  }

  return {
    async desired(by, query, caller, closed) {
      const own = agentOf(by);
      const product = await productOf(own.product);
      contacts.seen({ productId: product.id, target: own.target, tokenId: by.tokenId, version: caller.version, hostname: caller.hostname, at: clock.now().toISOString() });
      const seenBefore = hub.cursor();
      const state = await compute(product.id, product.name, own.target);
      const waitMs = Math.min(query.wait ?? 0, options.pollSeconds) * 1000;
      if (query.revision === undefined || query.revision !== state.revision || waitMs === 0 || closed.aborted) return state;
      return new Promise<DesiredState>((resolve, reject) => {
        hub.hold(
          { productId: product.id, product: product.name, target: own.target, tokenId: by.tokenId, version: caller.version, hostname: caller.hostname, state, answer: resolve, fail: reject },
          waitMs,
          closed,
          seenBefore,
        );
      });
    },

    async start(by, id) {
      const own = agentOf(by);
      const product = await productOf(own.product);
      return startPullDeployment(db, { id, productId: product.id, product: product.name, target: own.target, owner: by.actor, at: clock.now().toISOString() }, mayStart);
    },

    async progress(by, id, report) {
      const own = agentOf(by);
      const product = await productOf(own.product);
      await record(product.id, own.target, by.actor, id, report, null);
      return { state: 'running' };
    },

    async finish(by, id, report) {
      const own = agentOf(by);
      const product = await productOf(own.product);
      return finishAs(product.id, own.target, by.actor, id, report);
    },

    async recordOffline(productName, target, id, report, startedAt) {
      const product = await productOf(productName);
      const owner = `offline:${target}`;
      await startPullDeployment(db, { id, productId: product.id, product: product.name, target, owner, at: startedAt ?? clock.now().toISOString() }, async (_trx, row) => {
        if (!['pending', 'running', 'skipped'].includes(row.state)) throw new ConflictError(`deployment '${row.id}' is ${row.state}: its result can no longer be recorded`, [{ state: row.state }], 'not_desired');
      });
      const row = (await findDeploymentRow(db, id))!;
      return finishAs(product.id, target, owner, id, { ...report, attempt: Number(row.attempts) });
    },

    async upkeep() {
      const now = clock.now();
      for (const waiter of hub.waiting()) {
        contacts.seen({ productId: waiter.productId, target: waiter.target, tokenId: waiter.tokenId, version: waiter.version, hostname: waiter.hostname, at: now.toISOString() });
      }
      await contacts.flush(now);
      if ((await skipUnreachable(db, now, unreachableMs)) > 0) options.onChange();
    },

    close() {
      if (wakeTimer) clearTimeout(wakeTimer);
      hub.close();
    },
  };
}
