import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { buildsByIds } from '../builds/build-store.ts';
import type { Build } from '../builds/build-types.ts';
import type { DeploymentKind, DeploymentStep, DeploymentsTable } from '../deployments/deployment-types.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { deploymentLayers } from '../products/dependency-order.ts';
import type { ComponentSpec, TargetSpec } from '../products/product-spec.ts';
import { releaseBuildIds } from '../releases/release-store.ts';
import type { Manifest } from './agent-types.ts';

/**
 * What an agent installs for one deployment, read from the release's builds
 * and the product file as they are now. The components are those of the
 * deployment's steps (the release's), in dependency order.
 */
export async function buildManifest(db: Kysely<Database>, box: SecretBox, row: DeploymentsTable): Promise<Manifest> {
  const [product, release, target, components, buildIds] = await Promise.all([
    db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirstOrThrow(),
    db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow(),
    db.selectFrom('targets').select('spec').where('product_id', '=', row.product_id).where('name', '=', row.target).executeTakeFirst(),
    db.selectFrom('components').select('spec').where('product_id', '=', row.product_id).orderBy('position').execute(),
    releaseBuildIds(db, row.release_id),
  ]);
  const builds = new Map<string, Build>((await buildsByIds(db, Object.values(buildIds))).map((b) => [b.component, b]));
  const specs = new Map(components.map((c) => JSON.parse(c.spec) as ComponentSpec).map((c) => [c.name, c]));
  const steps = JSON.parse(row.steps) as DeploymentStep[];
  const names = new Set(steps.map((s) => s.component));
  const dependsOn = (name: string) => (specs.get(name)?.dependsOn ?? []).filter((d) => names.has(d));
  const order = deploymentLayers(steps.map((s) => ({ name: s.component, dependsOn: dependsOn(s.component) }))).flat();
  const byName = new Map(steps.map((s) => [s.component, s]));

  const spec = target ? (JSON.parse(target.spec) as TargetSpec) : null;
  const config: Record<string, string> = {};
  const secretConfig: string[] = [];
  for (const [key, value] of Object.entries(spec?.config ?? {})) {
    config[key] = value.secret ? box.decrypt(value.value) : value.value;
    if (value.secret) secretConfig.push(key);
  }
  return {
    product: product.name,
    release: release.version,
    ring: row.ring,
    target: row.target,
    deployment: row.id,
    kind: row.kind as DeploymentKind,
    components: order.map((name) => {
      const step = byName.get(name)!;
      const build = builds.get(name);
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
}
