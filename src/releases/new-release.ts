import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Build } from '../builds/build-types.ts';
import { appendEvent } from '../events/event-store.ts';
import type { ProductShape } from '../products/product-store.ts';
import { isBlessedBy } from './release-lifecycle.ts';
import { insertRelease } from './release-store.ts';
import { releaseSubject, type ReleasesTable, type ReleaseState } from './release-types.ts';

export interface NewRelease {
  version: string;
  /** The bill of materials: component → its build. */
  builds: ReadonlyMap<string, Build>;
  draft: boolean;
  /** The release a hotfix is cut from. */
  from: string | null;
  actor: string;
  at: string;
}

/**
 * Writes a new release (row, bill of materials, `release.created`) inside the
 * caller's transaction: the release service and the release train both cut
 * releases through here. A duplicate version fails on the unique index.
 */
export async function insertNewRelease(trx: Kysely<Database>, product: ProductShape, release: NewRelease): Promise<ReleasesTable> {
  const { version, at } = release;
  // When the blessing ring is the first, a candidate is blessed from the start.
  const blessed = !release.draft && isBlessedBy(product.rings.map((r) => ({ ring: r.name, state: null, startedAt: null, finishedAt: null, failures: 0 })), product.rings);
  const state: ReleaseState = release.draft ? 'draft' : blessed ? 'blessed' : 'candidate';
  const row: ReleasesTable = {
    id: randomUUID(),
    product_id: product.id,
    version,
    state,
    base_version: release.from,
    blessed_at: blessed ? at : null,
    state_reason: null,
    state_by: release.actor,
    state_at: at,
    created_by: release.actor,
    created_at: at,
    // What the runbook reads: the components' metadata as they were when the release was cut.
    components: JSON.stringify(product.components),
  };
  const builds = [...release.builds];
  await insertRelease(trx, row, Object.fromEntries(builds.map(([component, build]) => [component, build.id])));
  const bom = builds.map(([, b]) => `${b.component} ${b.version}`).join(', ');
  const hotfix = release.from ? ` (hotfix of ${release.from})` : '';
  await appendEvent(trx, at, {
    actor: release.actor,
    type: 'release.created',
    subject: releaseSubject(product.name, version),
    summary: `${release.actor} created ${product.name} ${version}${hotfix} as a ${state}: ${bom}`,
    data: { product: product.name, version, state, baseVersion: release.from, builds: Object.fromEntries(builds.map(([c, b]) => [c, b.version])) },
  });
  return row;
}
