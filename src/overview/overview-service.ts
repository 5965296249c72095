import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { NotFoundError } from '../platform/errors/errors.ts';
import { visibleProduct } from '../products/product-access.ts';
import { channelOf } from '../releases/channel.ts';
import { findReleaseRow, listReleaseRows } from '../releases/release-store.ts';
import type { ReleaseState, RolloutState } from '../releases/release-types.ts';
import { buildsByIds } from '../builds/build-store.ts';
import type { OverviewBody } from './overview-schemas.ts';

export type Overview = Static<typeof OverviewBody>;

export interface OverviewService {
  /** The release × ring matrix of a product, newest releases first: a fixed handful of queries however large the fleet. */
  get(by: Principal, product: string, page: { limit: number; before?: string | undefined }): Promise<Overview>;
}

export function createOverviewService(db: Kysely<Database>): OverviewService {
  return {
    async get(by, productName, page) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      let beforeCreatedAt: string | undefined;
      if (page.before !== undefined) {
        const row = await findReleaseRow(db, product.id, page.before);
        if (!row) throw new NotFoundError(`${product.name} has no release ${page.before}`);
        beforeCreatedAt = row.created_at;
      }
      const releases = await listReleaseRows(db, product.id, { limit: page.limit + 1, beforeCreatedAt });
      const shown = releases.slice(0, page.limit);
      const ids = shown.map((r) => r.id);
      // `in ()` is not SQL: with no releases there is nothing to look up, and a never-matching id keeps one code path.
      const wanted = ids.length > 0 ? ids : [''];

      // The shown releases' promotions first, then their deployments counted by rollout id in the
      // order of the (rollout_id, wave, state) index: joined to rollouts instead, the count sorted
      // every deployment it saw (a whole matrix is a quarter of a million). Waves are summed below.
      const rollouts = await db
        .selectFrom('rollouts')
        .select(['id', 'release_id', 'ring', 'state', 'current_wave', 'waves', 'started_at', 'finished_at'])
        .where('release_id', 'in', wanted)
        .where('kind', '=', 'promotion')
        .execute();
      const rolloutIds = rollouts.length > 0 ? rollouts.map((r) => r.id) : [''];

      const [ringTotals, counts, on, releaseBuildRows] = await Promise.all([
        db.selectFrom('targets').select(['ring', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('users').as('users')]).where('product_id', '=', product.id).groupBy('ring').execute(),
        db
          .selectFrom('deployments')
          .select(['rollout_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
          .where('rollout_id', 'in', rolloutIds)
          .groupBy(['rollout_id', 'wave', 'state'])
          .execute(),
        db
          .selectFrom('target_states as s')
          .innerJoin('targets as t', (join) => join.onRef('t.product_id', '=', 's.product_id').onRef('t.name', '=', 's.target'))
          .select(['s.release_id', 't.ring', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('t.users').as('users')])
          .where('s.product_id', '=', product.id)
          .where('s.release_id', 'in', wanted)
          .groupBy(['s.release_id', 't.ring'])
          .execute(),
        db.selectFrom('release_builds').select(['release_id', 'build_id']).where('release_id', 'in', wanted).execute(),
      ]);
      const builds = new Map((await buildsByIds(db, [...new Set(releaseBuildRows.map((r) => r.build_id))])).map((b) => [b.id, b]));

      const totals = new Map(ringTotals.map((r) => [r.ring, { targets: Number(r.n), users: Number(r.users ?? 0) }]));
      const countsByRollout = new Map<string, Record<string, number>>();
      for (const c of counts) {
        const byState = countsByRollout.get(c.rollout_id) ?? {};
        byState[c.state] = (byState[c.state] ?? 0) + Number(c.n);
        countsByRollout.set(c.rollout_id, byState);
      }
      const cellKey = (releaseId: string, ring: string) => `${releaseId}\n${ring}`;
      const rolloutOf = new Map(rollouts.map((o) => [cellKey(o.release_id, o.ring), o]));
      const onOf = new Map(on.map((o) => [cellKey(o.release_id!, o.ring), o]));
      const buildsOf = new Map<string, typeof releaseBuildRows>();
      for (const r of releaseBuildRows) buildsOf.set(r.release_id, [...(buildsOf.get(r.release_id) ?? []), r]);

      return {
        product: product.name,
        rings: product.rings.map((r) => ({ name: r.name, ...(totals.get(r.name) ?? { targets: 0, users: 0 }) })),
        releases: shown.map((release) => {
          const progress = product.rings.map((ring) => {
            const rollout = rolloutOf.get(cellKey(release.id, ring.name));
            return { ring: ring.name, state: (rollout?.state ?? null) as RolloutState | null, startedAt: rollout?.started_at ?? null, finishedAt: rollout?.finished_at ?? null, failures: 0 };
          });
          const releaseBuilds = (buildsOf.get(release.id) ?? []).flatMap((r) => builds.get(r.build_id) ?? []);
          return {
            version: release.version,
            state: release.state as ReleaseState,
            channel: channelOf({ state: release.state as ReleaseState, blessedAt: release.blessed_at, progress, builds: releaseBuilds }),
            createdAt: release.created_at,
            cells: product.rings.map((ring) => {
              const rollout = rolloutOf.get(cellKey(release.id, ring.name));
              const c = (rollout && countsByRollout.get(rollout.id)) ?? {};
              const n = (s: string) => c[s] ?? 0;
              const here = onOf.get(cellKey(release.id, ring.name));
              return {
                ring: ring.name,
                state: (rollout?.state ?? null) as RolloutState | null,
                total: Object.values(c).reduce((a, b) => a + b, 0),
                succeeded: n('succeeded'),
                failed: n('failed'),
                running: n('running'),
                pending: n('pending'),
                cancelled: n('cancelled'),
                skipped: n('skipped'),
                currentWave: rollout ? Number(rollout.current_wave) : null,
                waves: rollout ? Number(rollout.waves) : null,
                targetsOn: Number(here?.n ?? 0),
                usersOn: Number(here?.users ?? 0),
              };
            }),
          };
        }),
        next: releases.length > page.limit ? shown[shown.length - 1]!.version : null,
      };
    },
  };
}
