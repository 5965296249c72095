import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import type { Clock } from '../platform/clock.ts';
import { visibleProduct } from '../products/product-access.ts';
import type { RingSpec, TrainSpec } from '../products/product-spec.ts';
import { decideClosedVotes } from '../votes/decide-votes.ts';
import { createTrainRunner } from './train-runner.ts';
import { recentTrainDays, runsOfDays } from './train-store.ts';
import { trainCalendar } from './train-schedule.ts';
import { trainView, type TrainView } from './train-view.ts';

export interface TrainService {
  /**
   * Decides closed votes, runs the trains' due steps and announces windows.
   * Every server calls it every second; calls on one server run one after the
   * other, and leases keep servers from doing anything twice.
   */
  upkeep(): Promise<void>;
  get(by: Principal, product: string): Promise<TrainView>;
}

export interface TrainServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long a claimed step is this server's before another may take it over. */
  leaseMs?: number;
  /** Windows that opened or closed longer ago than this are not announced (a server starting late). */
  announceGraceMs?: number;
  onChange: () => void;
}

const RECENT_DAYS = 10;

export function createTrainService(options: TrainServiceOptions): TrainService {
  const { db, clock } = options;
  const runner = createTrainRunner({
    db,
    owner: `train-${randomUUID()}`,
    leaseMs: options.leaseMs ?? 60_000,
    announceGraceMs: options.announceGraceMs ?? 3_600_000,
    onChange: options.onChange,
  });

  async function pass(): Promise<void> {
    const now = clock.now();
    await decideClosedVotes(db, now);
    const products = await db.selectFrom('products').select(['id', 'name', 'train', 'created_at']).orderBy('name').execute();
    const rings = await db.selectFrom('rings').select(['product_id', 'spec']).orderBy('product_id').orderBy('position').execute();
    const windowRings = new Map<string, RingSpec[]>();
    for (const row of rings) {
      const ring = JSON.parse(row.spec) as RingSpec;
      if (ring.gates.some((g) => g.kind === 'window')) windowRings.set(row.product_id, [...(windowRings.get(row.product_id) ?? []), ring]);
    }
    // One product's trouble does not hold up the others; it is reported after all had their turn.
    const errors: unknown[] = [];
    for (const product of products) {
      const entry = { id: product.id, name: product.name, since: Date.parse(product.created_at) };
      try {
        if (product.train !== null) await runner.runTrain({ ...entry, train: JSON.parse(product.train) as TrainSpec }, now);
        const withWindows = windowRings.get(product.id);
        if (withWindows !== undefined) await runner.announceWindows(entry, withWindows, now);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `train upkeep failed for ${errors.length} products`);
  }

  let last: Promise<void> = Promise.resolve();

  return {
    upkeep() {
      const next = last.then(pass);
      last = next.catch(() => {});
      return next;
    },

    async get(by, productName) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const now = clock.now();
      const recent = await recentTrainDays(db, product.id, RECENT_DAYS + 1);
      const today = product.train === null ? null : trainCalendar(product.train).dayAt(now.getTime())?.day;
      const runs = await runsOfDays(db, product.id, today ? [...new Set([today, ...recent])] : recent);
      const created = await db.selectFrom('products').select('created_at').where('id', '=', product.id).executeTakeFirstOrThrow();
      return trainView(product.train, runs, now, Date.parse(created.created_at));
    },
  };
}
