import type { Kysely } from 'kysely';
import semver from 'semver';
import type { Database } from '../app/database-schema.ts';
import { buildsByIds, findBuild, latestGreenBuilds } from '../builds/build-store.ts';
import type { Build } from '../builds/build-types.ts';
import { InputError } from '../platform/errors/errors.ts';
import { didYouMean } from '../products/product-file/suggest.ts';
import type { ProductShape } from '../products/product-store.ts';
import { findReleaseRow, releaseBuildIds } from './release-store.ts';

export interface CreateReleaseInput {
  version: string;
  builds?: Record<string, string> | undefined;
  latest?: boolean | undefined;
  branch?: string | undefined;
  from?: string | undefined;
  draft?: boolean | undefined;
}

/** The version itself, exactly as semver writes it (no `v`, no build metadata). */
export function checkVersion(text: string, field: string): string {
  if (semver.valid(text) !== text) {
    throw new InputError(`${field} '${text}' is not a semantic version like 2.3.0 or 2.4.0-rc.1`, [{ field, value: text }], 'invalid_version');
  }
  return text;
}


/**
 * The bill of materials: named builds, then for a hotfix the base release's
 * builds, else with `latest` the newest green build of each remaining
 * component on the branch. Every component of the product must be covered.
 */
export async function chooseBuilds(db: Kysely<Database>, product: ProductShape, input: CreateReleaseInput): Promise<Map<string, Build>> {
  const components = product.components.map((c) => c.name);
  const chosen = new Map<string, Build>();
  for (const [component, version] of Object.entries(input.builds ?? {})) {
    if (!components.includes(component)) {
      throw new InputError(`${product.name} has no component '${component}'${didYouMean(component, components)}; components are ${components.join(', ')}`, [{ field: `builds.${component}` }], 'unknown_component');
    }
    const build = await findBuild(db, product.id, component, checkVersion(version, `builds.${component}`));
    if (!build) throw new InputError(`no build ${component} ${version} is registered for ${product.name}`, [{ field: `builds.${component}`, value: version }], 'unknown_build');
    chosen.set(component, build);
  }
  if (input.from !== undefined) {
    if (input.latest) throw new InputError('choose either `from` (a hotfix of a release) or `latest`, not both', [{ field: 'latest' }]);
    if (chosen.size === 0) throw new InputError('a hotfix replaces at least one component: name it in `builds`', [{ field: 'builds' }]);
    const base = await findReleaseRow(db, product.id, checkVersion(input.from, 'from'));
    if (!base) throw new InputError(`${product.name} has no release ${input.from} to cut a hotfix from`, [{ field: 'from', value: input.from }], 'unknown_release');
    const baseIds = await releaseBuildIds(db, base.id);
    for (const build of await buildsByIds(db, Object.values(baseIds))) {
      if (!chosen.has(build.component) && components.includes(build.component)) chosen.set(build.component, build);
    }
  } else if (input.latest) {
    const branch = input.branch ?? 'main';
    const latest = await latestGreenBuilds(db, product.id, branch);
    for (const component of components) {
      const build = latest.get(component);
      if (!chosen.has(component) && build) chosen.set(component, build);
    }
  } else if (input.branch !== undefined) {
    throw new InputError('`branch` only applies with `latest`', [{ field: 'branch' }]);
  }
  const missing = components.filter((c) => !chosen.has(c));
  if (missing.length > 0) {
    const hint = input.latest ? ` (no green build on branch ${input.branch ?? 'main'})` : input.from ? '' : ': name them in `builds` or use `latest`';
    throw new InputError(`a release needs one build of every component; missing ${missing.join(', ')}${hint}`, missing.map((c) => ({ field: `builds.${c}` })), 'missing_builds');
  }
  return chosen;
}
