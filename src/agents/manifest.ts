import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { buildsByIds } from '../builds/build-store.ts';
import type { Build } from '../builds/build-types.ts';
import type { DeploymentKind, DeploymentStep, DeploymentsTable } from '../deployments/deployment-types.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { createShortCache } from '../platform/short-cache.ts';
import { deploymentLayers } from '../products/dependency-order.ts';
import type { ComponentSpec, TargetSpec } from '../products/product-spec.ts';
import { releaseBuildIds } from '../releases/release-store.ts';
import type { Manifest } from './agent-types.ts';

/** What every target's manifest of one release shares. */
interface ReleaseParts {
  product: string;
  version: string;
  components: Map<string, ComponentSpec>;
  builds: Map<string, Build>;
}

export interface ManifestBuilder {
  /** `target` when the caller has read it already; read otherwise. */
  build(row: DeploymentsTable, target?: TargetSpec | null): Promise<Manifest>;
}

/**
 * What an agent installs for one deployment, read from the release's builds
 * and the product file as they are now. The components are those of the
 * deployment's steps (the release's), in dependency order.
 *
 * A promotion to thousands of pull targets asks for thousands of manifests of
 * one release at once: the release's part is kept for `reuseMs`.
 */
export function createManifestBuilder(db: Kysely<Database>, box: SecretBox, reuseMs = 2000): ManifestBuilder {
  const parts = createShortCache<ReleaseParts>(reuseMs);

  async function load(row: DeploymentsTable): Promise<ReleaseParts> {
    const [product, release, components, buildIds] = await Promise.all([
      db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirstOrThrow(),
      db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow(),
      db.selectFrom('components').select('spec').where('product_id', '=', row.product_id).orderBy('position').execute(),
      releaseBuildIds(db, row.release_id),
    ]);
    return {
      product: product.name,
      version: release.version,
      components: new Map(components.map((c) => JSON.parse(c.spec) as ComponentSpec).map((c) => [c.name, c])),
      builds: new Map((await buildsByIds(db, Object.values(buildIds))).map((b) => [b.component, b])),
    };
  }

  function releaseParts(row: DeploymentsTable): Promise<ReleaseParts> {
    return parts.get(row.release_id, () => load(row));
  }

  return {
    async build(row, given) {
      const release = await releaseParts(row);
      const spec = given !== undefined ? given : await targetSpec(db, row.product_id, row.target);
      const steps = JSON.parse(row.steps) as DeploymentStep[];
      const names = new Set(steps.map((s) => s.component));
      const dependsOn = (name: string) => (release.components.get(name)?.dependsOn ?? []).filter((d) => names.has(d));
      const order = deploymentLayers(steps.map((s) => ({ name: s.component, dependsOn: dependsOn(s.component) }))).flat();
      const byName = new Map(steps.map((s) => [s.component, s]));

      const config: Record<string, string> = {};
      const secretConfig: string[] = [];
      for (const [key, value] of Object.entries(spec?.config ?? {})) {
        config[key] = value.secret ? box.decrypt(value.value) : value.value;
        if (value.secret) secretConfig.push(key);
      }
      return {
        product: release.product,
        release: release.version,
        ring: row.ring,
        target: row.target,
        deployment: row.id,
        kind: row.kind as DeploymentKind,
        components: order.map((name) => {
          const step = byName.get(name)!;
          const build = release.builds.get(name);
          return { name, version: step.version, artifact: step.artifact, commit: build?.commit ?? '', branch: build?.branch ?? '', artifacts: build?.artifacts ?? {}, dependsOn: dependsOn(name) };
        }),
        commands: {
          install: spec?.deploy.command ?? null,
          verify: spec?.deploy.verify ?? null,
          rollback: spec?.deploy.rollback ?? null,
          timeoutSeconds: spec?.deploy.timeoutSeconds ?? 600,
        },
        config,
        secretConfig,
      };
    },
  };
}

export async function targetSpec(db: Kysely<Database>, productId: string, target: string): Promise<TargetSpec | null> {
  const row = await db.selectFrom('targets').select('spec').where('product_id', '=', productId).where('name', '=', target).executeTakeFirst();
  return row ? (JSON.parse(row.spec) as TargetSpec) : null;
}

/** One manifest, read afresh (offline bundles: one at a time). */
export function buildManifest(db: Kysely<Database>, box: SecretBox, row: DeploymentsTable): Promise<Manifest> {
  return createManifestBuilder(db, box, 0).build(row);
}
