import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { ConflictError, InputError, NotFoundError } from '../platform/errors/errors.ts';
import { ringIndexOf, visibleProduct } from '../products/product-access.ts';
import { didYouMean } from '../products/product-file/suggest.ts';
import type { ProductShape } from '../products/product-store.ts';
import { findReleaseRow, findReleaseRowById } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { promoteRelease, type PromotionOutcome } from './promotion.ts';
import { lastKnownGood, ROLLBACK_POLICY } from './rollback.ts';
import { cancelDeployments, deploymentCounts, findRollout, insertRollout, stepsOf, toRollout } from './rollout-store.ts';
import type { Rollout } from './rollout-types.ts';

export interface RolloutWithCounts extends Rollout {
  targets: { total: number; pending: number; running: number; succeeded: number; failed: number; cancelled: number; skipped: number };
}

export interface RollbackRequest {
  target?: string | undefined;
  ring?: string | undefined;
  /** For a ring: the release to take off (default: the newest one its targets run). */
  release?: string | undefined;
  reason?: string | undefined;
}

export interface RollbackOutcome {
  rollout: RolloutWithCounts;
  moves: { target: string; from: string; to: string }[];
  /** Targets of the ring left alone, and why. */
  skipped: { target: string; reason: string }[];
}

export interface RolloutService {
  promote(by: Principal, product: string, version: string, ring: string): Promise<PromotionOutcome>;
  /** Every rollout of a release (promotions and rollbacks), oldest first, with target counts. */
  list(by: Principal, product: string, version: string): Promise<RolloutWithCounts[]>;
  get(by: Principal, id: string): Promise<RolloutWithCounts>;
  rollback(by: Principal, product: string, request: RollbackRequest): Promise<RollbackOutcome>;
}

export function createRolloutService(db: Kysely<Database>, clock: Clock, options: { onChange: () => void }): RolloutService {
  async function withCounts(rollout: Rollout): Promise<RolloutWithCounts> {
    const c = await deploymentCounts(db, rollout.id);
    const n = (state: string) => c[state] ?? 0;
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    return { ...rollout, targets: { total, pending: n('pending'), running: n('running'), succeeded: n('succeeded'), failed: n('failed'), cancelled: n('cancelled'), skipped: n('skipped') } };
  }

  return {
    async promote(by, productName, version, ringName) {
      requirePermission(by, 'releases:promote');
      const product = await visibleProduct(db, by, productName);
      const index = ringIndexOf(product, ringName);
      const outcome = await promoteRelease(db, product, version, index, by.actor, clock.now());
      options.onChange();
      return outcome;
    },

    async list(by, productName, version) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const release = await findReleaseRow(db, product.id, version);
      if (!release) throw new NotFoundError(`${product.name} has no release ${version}`);
      const rows = await db.selectFrom('rollouts').selectAll().where('release_id', '=', release.id).orderBy('started_at').execute();
      return Promise.all(rows.map((r) => withCounts(toRollout(r, product.name, version))));
    },

    async get(by, id) {
      requirePermission(by, 'products:read');
      const row = await findRollout(db, id);
      const product = row && (await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirst());
      if (!row || !product || !canSeeProduct(by, product.name)) throw new NotFoundError(`rollout '${id}' does not exist`);
      const release = (await findReleaseRowById(db, row.release_id))!;
      return withCounts(toRollout(row, product.name, release.version));
    },

    async rollback(by, productName, request) {
      requirePermission(by, 'releases:rollback');
      const product = await visibleProduct(db, by, productName);
      if ((request.target === undefined) === (request.ring === undefined)) {
        throw new InputError('name either a target or a ring to roll back', [{ field: 'target' }, { field: 'ring' }]);
      }
      if (request.target !== undefined && request.release !== undefined) throw new InputError('`release` applies to a ring rollback only', [{ field: 'release' }]);
      const reason = request.reason?.trim() || `rolled back by ${by.actor}`;
      const outcome = await db.transaction().execute((trx) =>
        request.target !== undefined ? rollbackTarget(trx, product, request.target, by.actor, reason, isoNow(clock)) : rollbackRing(trx, product, request, by.actor, reason, isoNow(clock)),
      );
      options.onChange();
      return { ...outcome, rollout: await withCounts(outcome.rollout) };
    },
  };
}

type Planned = Omit<RollbackOutcome, 'rollout'> & { rollout: Rollout };

async function rollbackTarget(db: Kysely<Database>, product: ProductShape, target: string, actor: string, reason: string, at: string): Promise<Planned> {
  const spec = await db.selectFrom('targets').select(['ring', 'delivery']).where('product_id', '=', product.id).where('name', '=', target).executeTakeFirst();
  if (!spec) {
    const names = (await db.selectFrom('targets').select('name').where('product_id', '=', product.id).limit(10_000).execute()).map((t) => t.name);
    throw new NotFoundError(`${product.name} has no target '${target}'${didYouMean(target, names)}`);
  }
  const state = await db.selectFrom('target_states').select('release_id').where('product_id', '=', product.id).where('target', '=', target).executeTakeFirst();
  const current = state?.release_id ?? null;
  if (current === null) throw new ConflictError(`${target} runs no release yet: there is nothing to roll back`, [], 'nothing_to_roll_back');
  const good = await lastKnownGood(db, product.id, target, current);
  const currentVersion = (await findReleaseRowById(db, current))!.version;
  if (good === null) throw new ConflictError(`${target} runs ${currentVersion} and has no earlier good release to roll back to`, [], 'no_known_good_release');
  // A rollback wins over deployments still queued for the target.
  await db.updateTable('deployments').set({ state: 'cancelled', finished_at: at, error: `superseded by a rollback of ${target}` })
    .where('product_id', '=', product.id).where('target', '=', target).where('state', '=', 'pending').where('kind', '=', 'deploy').execute();
  return start(db, product, spec.ring, current, [{ target, delivery: spec.delivery, to: good }], [], actor, reason, at);
}

async function rollbackRing(db: Kysely<Database>, product: ProductShape, request: RollbackRequest, actor: string, reason: string, at: string): Promise<Planned> {
  const ring = product.rings[ringIndexOf(product, request.ring!)]!.name;
  const targets = await db
    .selectFrom('targets as t')
    .leftJoin('target_states as s', (join) => join.onRef('s.product_id', '=', 't.product_id').onRef('s.target', '=', 't.name'))
    .leftJoin('releases as r', 'r.id', 's.release_id')
    .select(['t.name', 't.delivery', 's.release_id', 'r.version', 'r.created_at'])
    .where('t.product_id', '=', product.id)
    .where('t.ring', '=', ring)
    .orderBy('t.position')
    .execute();
  let badId: string;
  if (request.release !== undefined) {
    const row = await findReleaseRow(db, product.id, request.release);
    if (!row) throw new NotFoundError(`${product.name} has no release ${request.release}`);
    badId = row.id;
  } else {
    const newest = targets.filter((t) => t.release_id !== null).sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))[0];
    if (!newest) throw new ConflictError(`no target of ${ring} runs a release yet: there is nothing to roll back`, [], 'nothing_to_roll_back');
    badId = newest.release_id!;
  }
  const badVersion = (await findReleaseRowById(db, badId))!.version;
  const moves: { target: string; delivery: string; to: string }[] = [];
  const skipped: { target: string; reason: string }[] = [];
  for (const t of targets) {
    if (t.release_id !== badId) {
      skipped.push({ target: t.name, reason: t.release_id === null ? 'runs no release' : `runs ${t.version}, not ${badVersion}` });
      continue;
    }
    const good = await lastKnownGood(db, product.id, t.name, badId);
    if (good === null) skipped.push({ target: t.name, reason: 'has no earlier good release' });
    else moves.push({ target: t.name, delivery: t.delivery, to: good });
  }
  // The release's promotion into the ring ends as rolled back, whatever its state.
  const promotion = await db.selectFrom('rollouts').select(['id', 'state']).where('release_id', '=', badId).where('ring', '=', ring).where('kind', '=', 'promotion').executeTakeFirst();
  if (promotion && promotion.state !== 'rolled-back') {
    await cancelDeployments(db, promotion.id, at, 'the ring was rolled back', true);
    await db.updateTable('rollouts').set({ state: 'rolled-back', reason, finished_at: at }).where('id', '=', promotion.id).execute();
  }
  if (moves.length === 0) {
    throw new ConflictError(`no target of ${ring} can roll back from ${badVersion}: ${skipped.map((s) => `${s.target} ${s.reason}`).join('; ')}`, skipped, 'no_known_good_release');
  }
  return start(db, product, ring, badId, moves, skipped, actor, reason, at);
}

async function start(
  db: Kysely<Database>,
  product: ProductShape,
  ring: string,
  badId: string,
  moves: { target: string; delivery: string; to: string }[],
  skipped: { target: string; reason: string }[],
  actor: string,
  reason: string,
  at: string,
): Promise<Planned> {
  const order = product.components.map((c) => c.name);
  const versions = new Map<string, string>();
  const deployments = [];
  for (const move of moves) {
    if (!versions.has(move.to)) versions.set(move.to, (await findReleaseRowById(db, move.to))!.version);
    deployments.push({ target: move.target, delivery: move.delivery, releaseId: move.to, wave: 0, steps: await stepsOf(db, move.to, order) });
  }
  const bad = (await findReleaseRowById(db, badId))!;
  const id = await insertRollout(db, { productId: product.id, releaseId: badId, ring, kind: 'rollback', policy: ROLLBACK_POLICY, waves: 1, startedBy: actor, at, deploymentKind: 'rollback', deployments, reason });
  const planned = moves.map((m) => ({ target: m.target, from: bad.version, to: versions.get(m.to)! }));
  const toText = [...new Set(planned.map((p) => p.to))].join(', ');
  await appendEvent(db, at, {
    actor,
    type: 'rollback.started',
    subject: releaseSubject(product.name, bad.version),
    summary: `${actor} rolls ${moves.length === 1 ? moves[0]!.target : `${moves.length} targets of ${ring}`} back from ${product.name} ${bad.version} to ${toText}: ${reason}`,
    data: { product: product.name, ring, from: bad.version, moves: planned, skipped, rollout: id, reason },
  });
  const row = (await findRollout(db, id))!;
  return { rollout: toRollout(row, product.name, bad.version), moves: planned, skipped };
}
