import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { isUniqueViolation } from '../platform/db/dialect.ts';
import { NotFoundError } from '../platform/errors/errors.ts';
import { findProduct } from '../products/product-store.ts';
import { artifactName } from './artifact-name.ts';
import { buildLabel, checkRegistration, DEFAULT_BRANCH, mergeRegistration, type RegisterBuildInput, type Registration } from './build-rules.ts';
import { describeState, isGreen } from './build-state.ts';
import { findBuildDetail, insertBuild, lockBuild, queryBuilds, toRow, updateBuild } from './build-store.ts';
import type { Build, BuildDetail } from './build-types.ts';

export type { RegisterBuildInput } from './build-rules.ts';

export type RegisterOutcome = 'created' | 'updated' | 'unchanged';

export interface BuildService {
  /** Idempotent: the same build again is 'unchanged'; new stage results or artifact kinds are 'updated'. */
  register(by: Principal, product: string, input: RegisterBuildInput): Promise<{ build: BuildDetail; outcome: RegisterOutcome }>;
  /** Newest first, without their commits. */
  list(by: Principal, product: string, filter: { component?: string | undefined; branch?: string | undefined; limit: number }): Promise<Build[]>;
  /** One build with its commits. */
  get(by: Principal, product: string, component: string, version: string): Promise<BuildDetail>;
}

/** Two registrations racing on one new build: the loser re-reads and merges; more rounds mean something else is wrong. */
const MAX_ATTEMPTS = 3;

export function createBuildService(db: Kysely<Database>, clock: Clock): BuildService {
  async function visibleProduct(by: Principal, product: string) {
    const row = canSeeProduct(by, product) ? await findProduct(db, product) : undefined;
    if (!row) throw new NotFoundError(`product '${product}' does not exist`);
    return row;
  }

  async function create(by: Principal, product: { id: string; name: string }, reg: Registration): Promise<BuildDetail> {
    const at = isoNow(clock);
    const build: BuildDetail = {
      id: randomUUID(),
      product: product.name,
      component: reg.component,
      version: reg.version,
      commit: reg.commit,
      branch: reg.branch ?? DEFAULT_BRANCH,
      artifact: artifactName(reg.component, reg.version, reg.commit),
      artifacts: reg.artifacts,
      stages: reg.stages,
      green: isGreen(reg.stages),
      createdBy: by.actor,
      createdAt: at,
      updatedAt: at,
      commits: reg.commits ?? [],
    };
    await db.transaction().execute(async (trx) => {
      await insertBuild(trx, toRow(build, product.id, build.commits));
      await appendEvent(trx, at, {
        actor: by.actor,
        type: 'build.registered',
        subject: subjectOf(build),
        summary: `${by.actor} registered ${buildLabel(build)} (${build.artifact}) on ${build.branch}: ${describeState(build.stages)}`,
        data: eventData(build),
      });
    });
    return build;
  }

  /** Merges under the row lock, so two updates of one build cannot lose each other's stages. */
  async function update(by: Principal, productId: string, buildId: string, reg: Registration): Promise<{ build: BuildDetail; outcome: RegisterOutcome }> {
    return db.transaction().execute(async (trx) => {
      await lockBuild(trx, buildId);
      const current = await findBuildDetail(trx, productId, reg.component, reg.version);
      if (!current) throw new Error(`build ${buildId} vanished while it was being updated`);
      const merged = mergeRegistration(current, reg);
      if (!merged) return { build: current, outcome: 'unchanged' as const };
      const at = isoNow(clock);
      const build: BuildDetail = {
        ...current,
        commit: merged.commit,
        artifacts: merged.artifacts,
        stages: merged.stages,
        green: isGreen(merged.stages),
        updatedAt: at,
        commits: merged.commits ?? current.commits,
      };
      const row = toRow(build, productId, build.commits);
      await updateBuild(trx, build.id, {
        commit_sha: row.commit_sha,
        artifacts: row.artifacts,
        stages: row.stages,
        green: row.green,
        updated_at: at,
        ...(merged.commits ? { commits: row.commits } : {}),
      });
      await appendEvent(trx, at, {
        actor: by.actor,
        type: 'build.updated',
        subject: subjectOf(build),
        summary: `${by.actor} updated ${buildLabel(build)} (${build.artifact}): ${merged.changes.join(', ')}; ${describeState(build.stages)}`,
        data: { ...eventData(build), changes: merged.changes },
      });
      return { build, outcome: 'updated' as const };
    });
  }

  return {
    async register(by, productName, input) {
      requirePermission(by, 'builds:register');
      const product = await visibleProduct(by, productName);
      const components = await db.selectFrom('components').select('name').where('product_id', '=', product.id).execute();
      const reg = checkRegistration(product.name, components.map((c) => c.name), input);
      for (let attempt = 1; ; attempt++) {
        try {
          const existing = await findBuildDetail(db, product.id, reg.component, reg.version);
          if (!existing) return { build: await create(by, product, reg), outcome: 'created' };
          // Checked before any write: an identical registration (CI retrying) writes nothing.
          if (!mergeRegistration(existing, reg)) return { build: existing, outcome: 'unchanged' };
          return await update(by, product.id, existing.id, reg);
        } catch (error) {
          // Someone registered the same build a moment ago: read theirs and merge into it.
          if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    async list(by, productName, filter) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(by, productName);
      return queryBuilds(db, product.id, filter);
    },

    async get(by, productName, component, version) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(by, productName);
      const build = await findBuildDetail(db, product.id, component, version);
      if (!build) throw new NotFoundError(`${product.name} has no build ${component} ${version}`);
      return build;
    },
  };
}

function subjectOf(build: Build): string {
  return `build/${build.product}/${build.component}/${build.version}`;
}

function eventData(build: BuildDetail): Record<string, unknown> {
  return { product: build.product, component: build.component, version: build.version, commit: build.commit, branch: build.branch, artifact: build.artifact, green: build.green, commits: build.commits.length };
}
