/**
 * Runs what is due of each product's train, and announces deployment windows,
 * on leases so that any number of servers calling it at once do each thing
 * once. A run is claimed by inserting its row (unique product, day, step) or by
 * taking over a running row whose lease expired; the step's work and the end
 * of the run commit together, conditional on still holding the lease.
 *
 * Missed steps are recorded (skipped, with when) only while their train day
 * lasts: a server started after a long stop does not fill in old days. Steps
 * due and windows changing before the product was created are left alone: a
 * new product's train starts with the next step.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { type NewEvent, SERVER_ACTOR } from '../events/event-types.ts';
import type { RingSpec, TrainSpec } from '../products/product-spec.ts';
import { loadProductShape, type ProductShape } from '../products/product-store.ts';
import { type PlannedStep, type TrainDay, trainCalendar } from './train-schedule.ts';
import { runCut, runDeploy, runVote, type StepRun, stopStep } from './train-steps.ts';
import { finishRun, insertRun, runsOfDays, type RunResult, takeOverRun } from './train-store.ts';
import type { TrainRunStep, TrainRunsTable } from './train-types.ts';
import { frozenOutcome, missedOutcome } from './train-words.ts';
import { type WindowChange, windowChanges } from './window-announcements.ts';
import { zonedMoment, zonedTimeNear } from './zoned-time.ts';

export interface TrainRunnerOptions {
  db: Kysely<Database>;
  /** This server's name on its leases. */
  owner: string;
  leaseMs: number;
  /** How old a window's opening or closing may be and still be announced. */
  announceGraceMs: number;
  /** Told when the train cut or promoted a release (the deployment worker has work). */
  onChange: () => void;
}

/** A product as the runner needs it; `since` is when it was created (epoch ms). */
export interface TrainEntry {
  id: string;
  name: string;
  since: number;
}

export interface TrainRunner {
  runTrain(product: TrainEntry & { train: TrainSpec }, now: Date): Promise<void>;
  announceWindows(product: TrainEntry, rings: readonly RingSpec[], now: Date): Promise<void>;
}

/** Thrown inside a step's transaction when another server took its run over: the step rolls back. */
class LeaseLost extends Error {}

/** Finished runs never change again: remembered so quiet seconds cost no query. Bounded by clearing. */
const SETTLED_LIMIT = 10_000;

export function createTrainRunner(options: TrainRunnerOptions): TrainRunner {
  const { db, owner, leaseMs } = options;
  const settled = new Set<string>();
  const key = (productId: string, day: string, step: string) => `${productId} ${day} ${step}`;
  const settle = (k: string) => {
    if (settled.size >= SETTLED_LIMIT) settled.clear();
    settled.add(k);
  };

  /** The row is ours now, or null when another server has it. */
  async function claim(productId: string, day: string, step: TrainRunStep, dueAt: number, existing: TrainRunsTable | undefined, now: Date): Promise<TrainRunsTable | null> {
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + leaseMs).toISOString();
    if (existing === undefined) {
      const row: TrainRunsTable = {
        id: randomUUID(),
        product_id: productId,
        day,
        step,
        due_at: new Date(dueAt).toISOString(),
        state: 'running',
        version: null,
        outcome: '',
        lease_owner: owner,
        lease_expires_at: expiresAt,
        started_at: at,
        finished_at: null,
      };
      return (await insertRun(db, row)) ? row : null;
    }
    if (existing.state !== 'running' || existing.lease_expires_at === null || existing.lease_expires_at > at) return null;
    return (await takeOverRun(db, existing, { owner, expiresAt, at })) ? { ...existing, lease_owner: owner, lease_expires_at: expiresAt, started_at: at } : null;
  }

  function finisher(run: TrainRunsTable, now: Date) {
    const at = now.toISOString();
    return async (trx: Kysely<Database>, result: RunResult, events: NewEvent[]) => {
      if (!(await finishRun(trx, run.id, owner, result, at))) throw new LeaseLost();
      for (const event of events) await appendEvent(trx, at, event);
    };
  }

  async function perform(product: ProductShape, train: TrainSpec, day: TrainDay, planned: PlannedStep & { dueAt: number }, run: TrainRunsTable, cutVersion: string | null, now: Date): Promise<RunResult> {
    const step: StepRun = { db, product, train, day, step: planned.step, cutVersion, now, finish: finisher(run, now) };
    if (planned.frozen !== null) {
      const { reason, until } = planned.frozen;
      return stopStep(step, { state: 'skipped', outcome: frozenOutcome(planned.frozen, train.timezone), version: cutVersion }, { frozen: { reason, until: new Date(until).toISOString() } });
    }
    if (planned.timing === 'missed') {
      const graceEndsAt = Math.min(planned.dueAt + train.graceSeconds * 1_000, day.nextCutAt ?? Infinity);
      return stopStep(step, { state: 'skipped', outcome: missedOutcome(planned.dueAt, graceEndsAt, train.timezone), version: cutVersion });
    }
    if (planned.step === 'cut') return runCut(step);
    if (planned.step === 'vote') return runVote(step);
    return runDeploy(step, options.onChange);
  }

  return {
    async runTrain(entry, now) {
      const calendar = trainCalendar(entry.train);
      const nowMs = now.getTime();
      const day = calendar.dayAt(nowMs);
      if (day === null) return;
      const plan = calendar
        .plan(day, nowMs)
        .filter((p): p is PlannedStep & { dueAt: number } => p.dueAt !== null && p.dueAt >= entry.since && (p.timing === 'due' || p.timing === 'missed'));
      if (plan.every((p) => settled.has(key(entry.id, day.day, p.step)))) return;

      const rows = new Map((await runsOfDays(db, entry.id, [day.day])).map((r) => [r.step, r]));
      let product: ProductShape | null = null;
      // In step order: a step another server is still running holds back the steps after it.
      for (const planned of plan) {
        const k = key(entry.id, day.day, planned.step);
        const existing = rows.get(planned.step);
        if (existing !== undefined && existing.state !== 'running') {
          settle(k);
          continue;
        }
        const run = await claim(entry.id, day.day, planned.step, planned.dueAt, existing, now);
        if (run === null) return;
        product ??= await loadProductShape(db, entry.name);
        if (product === null) return;
        const cut = rows.get('cut');
        const cutVersion = cut?.state === 'done' ? cut.version : null;
        let result: RunResult;
        try {
          result = await perform(product, entry.train, day, planned, run, cutVersion, now);
        } catch (error) {
          if (error instanceof LeaseLost) return;
          throw error;
        }
        rows.set(planned.step, { ...run, ...result });
        settle(k);
        // A new candidate is work for rings that take every release (dev, say).
        if (planned.step === 'cut' && result.state === 'done') options.onChange();
      }
    },

    async announceWindows(entry, rings, now) {
      const changes = windowChanges(rings, now.getTime(), options.announceGraceMs).filter((c) => c.at >= entry.since && !settled.has(key(entry.id, new Date(c.start).toISOString(), c.step)));
      if (changes.length === 0) return;
      const days = [...new Set(changes.map((c) => new Date(c.start).toISOString()))];
      const rows = new Map((await runsOfDays(db, entry.id, days)).map((r) => [`${r.day} ${r.step}`, r]));
      for (const change of changes) {
        const day = new Date(change.start).toISOString();
        const k = key(entry.id, day, change.step);
        const existing = rows.get(`${day} ${change.step}`);
        if (existing !== undefined && existing.state !== 'running') {
          settle(k);
          continue;
        }
        const run = await claim(entry.id, day, change.step, change.at, existing, now);
        if (run === null) continue;
        const event = windowEvent(entry.name, change);
        try {
          await db.transaction().execute((trx) => finisher(run, now)(trx, { state: 'done', outcome: event.summary, version: null }, [event]));
        } catch (error) {
          if (error instanceof LeaseLost) continue;
          throw error;
        }
        settle(k);
      }
    },
  };
}

function windowEvent(product: string, change: WindowChange): NewEvent {
  const { timezone, cron } = change.window;
  const summary =
    change.kind === 'opened'
      ? `${product} ${change.ring} window opened, until ${zonedTimeNear(change.end, change.start, timezone)} ${timezone}`
      : `${product} ${change.ring} window closed (it opened ${zonedMoment(change.start, timezone)})`;
  return {
    actor: SERVER_ACTOR,
    type: change.kind === 'opened' ? 'window.opened' : 'window.closed',
    subject: `ring/${product}/${change.ring}`,
    summary,
    data: { product, ring: change.ring, opensAt: new Date(change.start).toISOString(), closesAt: new Date(change.end).toISOString(), timezone, cron },
  };
}
