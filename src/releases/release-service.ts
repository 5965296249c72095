import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { checkRing, type RingCheck } from '../gates/gate-evidence.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { isUniqueViolation } from '../platform/db/dialect.ts';
import { ConflictError, InputError, NotAllowedError } from '../platform/errors/errors.ts';
import { ringIndexOf, visibleProduct } from '../products/product-access.ts';
import type { ProductShape } from '../products/product-store.ts';
import { cancelReleaseRollouts } from '../rollouts/rollout-store.ts';
import { checkVersion, chooseBuilds, type CreateReleaseInput } from './bill-of-materials.ts';
import { existingRelease } from './release-access.ts';
import { insertNewRelease } from './new-release.ts';
import { isBlessedBy, isTerminal, nextState } from './release-lifecycle.ts';
import {
  findReleaseRow,
  insertApproval,
  listApprovals,
  listReleaseRows,
  loadRelease,
  moveRelease,
  releaseBuildIds,
  releaseProgress,
} from './release-store.ts';
import { type Approval, type Release, releaseSubject, type ReleasesTable, type ReleaseState } from './release-types.ts';


export interface ReleaseDetail extends Release {
  next: RingCheck | null;
  approvals: Approval[];
}

export interface ReleaseService {
  create(by: Principal, product: string, input: CreateReleaseInput): Promise<{ release: Release; outcome: 'created' | 'unchanged' }>;
  list(by: Principal, product: string, query: { state?: ReleaseState | undefined; limit: number; before?: string | undefined }): Promise<Release[]>;
  get(by: Principal, product: string, version: string): Promise<ReleaseDetail>;
  /** Whether the release may enter `ring` now, with every gate's verdict. */
  check(by: Principal, product: string, version: string, ring: string): Promise<RingCheck>;
  markCandidate(by: Principal, product: string, version: string): Promise<Release>;
  withdraw(by: Principal, product: string, version: string, reason: string | undefined): Promise<Release>;
  reject(by: Principal, product: string, version: string, reason: string): Promise<Release>;
  approve(by: Principal, product: string, version: string, ring: string, comment: string | undefined): Promise<Approval>;
}

export function createReleaseService(db: Kysely<Database>, clock: Clock, options: { onChange: () => void }): ReleaseService {
  const order = (product: ProductShape) => product.components.map((c) => c.name);

  /** Moves the release by `action` inside a transaction, with its event; answers the release after the move. */
  async function move(
    by: Principal,
    productName: string,
    version: string,
    action: 'mark-candidate' | 'withdraw' | 'reject',
    reason: string | null,
  ): Promise<Release> {
    const product = await visibleProduct(db, by, productName);
    const updated = await db.transaction().execute(async (trx) => {
      const row = await existingRelease(trx, product, version);
      const from = row.state as ReleaseState;
      let to = nextState(from, action);
      const at = isoNow(clock);
      let blessedAt: string | undefined;
      // When the blessing ring is the first, a candidate is blessed from the start.
      if (to === 'candidate' && isBlessedBy(await releaseProgress(trx, row.id, product.rings), product.rings)) {
        blessedAt = at;
        to = nextState(to, 'bless');
      }
      if (!(await moveRelease(trx, row.id, from, { state: to, at, by: by.actor, reason, ...(blessedAt ? { blessedAt } : {}) }))) {
        throw new ConflictError(`${product.name} ${version} changed while this request ran; try again`);
      }
      let stopped = { rollouts: 0, deployments: 0 };
      if (action === 'reject') stopped = await cancelReleaseRollouts(trx, row.id, at, `release rejected by ${by.actor}`);
      const type = action === 'mark-candidate' ? 'release.candidate' : action === 'withdraw' ? 'release.withdrawn' : 'release.rejected';
      const stopNote = stopped.rollouts > 0 ? `; stopped ${stopped.rollouts} rollout(s), ${stopped.deployments} deployment(s) cancelled` : '';
      const summary =
        action === 'mark-candidate'
          ? `${by.actor} marked ${product.name} ${version} a candidate`
          : `${by.actor} ${action === 'withdraw' ? 'withdrew' : 'rejected'} ${product.name} ${version}${reason ? `: ${reason}` : ''}${stopNote}`;
      await appendEvent(trx, at, { actor: by.actor, type, subject: releaseSubject(product.name, version), summary, data: { product: product.name, version, from, to, reason, ...stopped } });
      return (await findReleaseRow(trx, product.id, version))!;
    });
    options.onChange();
    return loadRelease(db, product.name, updated, product.rings, order(product));
  }

  return {
    async create(by, productName, input) {
      requirePermission(by, 'releases:create');
      const product = await visibleProduct(db, by, productName);
      const version = checkVersion(input.version, 'version');
      const wanted = await chooseBuilds(db, product, input);
      const buildIds = Object.fromEntries([...wanted].map(([component, build]) => [component, build.id]));
      let row: ReleasesTable;
      try {
        row = await db.transaction().execute((trx) =>
          insertNewRelease(trx, product, { version, builds: wanted, draft: input.draft ?? false, from: input.from ?? null, actor: by.actor, at: isoNow(clock) }),
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await existingRelease(db, product, version);
        const same = JSON.stringify(sorted(await releaseBuildIds(db, existing.id))) === JSON.stringify(sorted(buildIds));
        if (!same) throw new ConflictError(`${product.name} ${version} already exists with other builds; a release is immutable: choose another version`);
        return { release: await loadRelease(db, product.name, existing, product.rings, order(product)), outcome: 'unchanged' };
      }
      options.onChange();
      return { release: await loadRelease(db, product.name, row, product.rings, order(product)), outcome: 'created' };
    },

    async list(by, productName, query) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const before = query.before === undefined ? undefined : (await existingRelease(db, product, query.before)).created_at;
      const rows = await listReleaseRows(db, product.id, { state: query.state, limit: query.limit, beforeCreatedAt: before });
      return Promise.all(rows.map((row) => loadRelease(db, product.name, row, product.rings, order(product))));
    },

    async get(by, productName, version) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const row = await existingRelease(db, product, version);
      const release = await loadRelease(db, product.name, row, product.rings, order(product));
      const nextIndex = release.rings.findIndex((r) => r.state === null || r.state === 'halted' || r.state === 'failed');
      const next = isTerminal(release.state) || release.state === 'draft' || nextIndex < 0 ? null : await checkRing(db, product, row, nextIndex, clock.now());
      return { ...release, next, approvals: await listApprovals(db, row.id) };
    },

    async check(by, productName, version, ring) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const index = ringIndexOf(product, ring);
      return checkRing(db, product, await existingRelease(db, product, version), index, clock.now());
    },

    markCandidate: (by, product, version) => {
      requirePermission(by, 'releases:create');
      return move(by, product, version, 'mark-candidate', null);
    },

    withdraw: (by, product, version, reason) => {
      requirePermission(by, 'releases:create');
      return move(by, product, version, 'withdraw', reason?.trim() || null);
    },

    reject: (by, product, version, reason) => {
      requirePermission(by, 'releases:reject');
      const text = reason.trim();
      if (text === '') throw new InputError('a rejection needs a reason: say what is wrong with the release', [{ field: 'reason' }]);
      return move(by, product, version, 'reject', text);
    },

    async approve(by, productName, version, ringName, comment) {
      requirePermission(by, 'releases:approve');
      const product = await visibleProduct(db, by, productName);
      const ring = product.rings[ringIndexOf(product, ringName)]!;
      const needed = [...new Set(ring.gates.flatMap((g) => (g.kind === 'approval' ? [g.role] : [])))];
      if (needed.length === 0) throw new InputError(`ring ${ring.name} of ${product.name} has no approval gate: nothing to approve`, [{ field: 'ring', value: ring.name }]);
      const user = by.actor.startsWith('user:') ? by.actor.slice('user:'.length) : null;
      if (user === null) throw new NotAllowedError('only a person can approve: use a personal token');
      const held = needed.filter((role) => by.role === role || (product.roles[role] ?? []).includes(user));
      if (held.length === 0) {
        throw new NotAllowedError(`${user} holds none of the roles whose approval ring ${ring.name} needs (${needed.join(', ')}); the product file names who holds them`);
      }
      const approval: Approval = { ring: ring.name, user, roles: held, comment: comment?.trim() ?? '', at: isoNow(clock) };
      try {
        await db.transaction().execute(async (trx) => {
          const row = await existingRelease(trx, product, version);
          if (isTerminal(row.state as ReleaseState)) throw new ConflictError(`${product.name} ${version} is ${row.state}: approvals no longer count`);
          await insertApproval(trx, row.id, approval);
          await appendEvent(trx, approval.at, {
            actor: by.actor,
            type: 'release.approved',
            subject: releaseSubject(product.name, version),
            summary: `${user} approved ${product.name} ${version} for ${ring.name} as ${held.join(', ')}${approval.comment ? `: ${approval.comment}` : ''}`,
            data: { product: product.name, version, ring: ring.name, user, roles: held, comment: approval.comment },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`${user} has already approved ${product.name} ${version} for ${ring.name}`);
        throw error;
      }
      options.onChange();
      return approval;
    },
  };
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
