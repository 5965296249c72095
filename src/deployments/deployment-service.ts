import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { NotFoundError } from '../platform/errors/errors.ts';
import { ringIndexOf, visibleProduct } from '../products/product-access.ts';
import { findReleaseRow } from '../releases/release-store.ts';
import { findDeploymentRow, readLog, toDeployment } from './deployment-store.ts';
import type { Deployment, DeploymentState, LogChunk } from './deployment-types.ts';

export interface DeploymentFilter {
  ring?: string | undefined;
  state?: DeploymentState | undefined;
  limit: number;
  offset: number;
}

export interface DeploymentService {
  /** Deployments that put this release on targets (its promotions), in rollout order. */
  listForRelease(by: Principal, product: string, version: string, filter: DeploymentFilter): Promise<{ deployments: Deployment[]; total: number }>;
  get(by: Principal, id: string): Promise<Deployment>;
  log(by: Principal, id: string, after: number, limit: number): Promise<{ chunks: LogChunk[]; next: number; state: DeploymentState }>;
}

export function createDeploymentService(db: Kysely<Database>): DeploymentService {
  async function visible(by: Principal, id: string) {
    const row = await findDeploymentRow(db, id);
    const product = row && (await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirst());
    if (!row || !product || !canSeeProduct(by, product.name)) throw new NotFoundError(`deployment '${id}' does not exist`);
    const release = await db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow();
    return toDeployment(row, product.name, release.version);
  }

  return {
    async listForRelease(by, productName, version, filter) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      if (filter.ring !== undefined) ringIndexOf(product, filter.ring);
      const release = await findReleaseRow(db, product.id, version);
      if (!release) throw new NotFoundError(`${product.name} has no release ${version}`);
      let q = db.selectFrom('deployments').where('release_id', '=', release.id);
      if (filter.ring) q = q.where('ring', '=', filter.ring);
      if (filter.state) q = q.where('state', '=', filter.state);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('created_at').orderBy('seq').limit(filter.limit).offset(filter.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { deployments: rows.map((r) => toDeployment(r, product.name, version)), total: Number(count.n) };
    },

    async get(by, id) {
      requirePermission(by, 'products:read');
      return visible(by, id);
    },

    async log(by, id, after, limit) {
      requirePermission(by, 'products:read');
      const deployment = await visible(by, id);
      const chunks = await readLog(db, id, after, limit);
      return { chunks, next: chunks.length > 0 ? chunks[chunks.length - 1]!.seq : after, state: deployment.state };
    },
  };
}
