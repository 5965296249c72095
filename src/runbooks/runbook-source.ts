/**
 * What a release's runbook is made of, read from the database: the component
 * metadata the release was cut with, its builds, the release before it in the
 * ring (its builds and metadata, for what changed), the targets' commands and
 * the release-specific additions. The offline bundle reads the same.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { ComponentSpec, TargetSpec } from '../products/product-spec.ts';
import { type ProductShape, ringTargets } from '../products/product-store.ts';
import { previousReleaseInRing } from '../release-notes/previous-release.ts';
import { findDocument } from '../release-notes/release-document-store.ts';
import { releaseBuilds } from '../releases/release-store.ts';
import type { ReleasesTable } from '../releases/release-types.ts';
import type { RunbookInput } from './build-runbook.ts';

export interface RunbookSource {
  input: RunbookInput;
  editedBy: string | null;
  editedAt: string | null;
}

export async function loadRunbookSource(db: Kysely<Database>, product: ProductShape, row: ReleasesTable, ring: string | null): Promise<RunbookSource> {
  const [builds, previous, additions, commands] = await Promise.all([
    releaseBuilds(db, row.id),
    previousReleaseInRing(db, product.id, row, ring),
    findDocument(db, row.id, 'runbook'),
    targetCommands(db, product.id, ring),
  ]);
  return {
    input: {
      product: product.name,
      version: row.version,
      ring,
      previous: previous ? { version: previous.version, components: snapshot(previous), builds: await releaseBuilds(db, previous.id) } : null,
      // A release cut before snapshots were recorded reads the product file as it is now.
      components: snapshot(row) ?? product.components,
      builds,
      commands,
      additions: additions?.markdown ?? null,
    },
    editedBy: additions?.edited_by ?? null,
    editedAt: additions?.edited_at ?? null,
  };
}

function snapshot(row: ReleasesTable): ComponentSpec[] | null {
  return row.components === null ? null : (JSON.parse(row.components) as ComponentSpec[]);
}

/** The distinct deploy and rollback commands of the ring's targets (of all targets when the ring has none). */
async function targetCommands(db: Kysely<Database>, productId: string, ring: string | null): Promise<RunbookInput['commands']> {
  let targets: TargetSpec[] = ring === null ? [] : await ringTargets(db, productId, ring);
  if (targets.length === 0) {
    const rows = await db.selectFrom('targets').select('spec').where('product_id', '=', productId).orderBy('position').execute();
    targets = rows.map((r) => JSON.parse(r.spec) as TargetSpec);
  }
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null && v.trim() !== ''))];
  return { deploy: distinct(targets.map((t) => t.deploy.command)), rollback: distinct(targets.map((t) => t.deploy.rollback)) };
}
