import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { NotFoundError } from '../platform/errors/errors.ts';
import { ringIndexOf, visibleProduct } from '../products/product-access.ts';
import { findReleaseRow } from '../releases/release-store.ts';
import type { Clock } from '../platform/clock.ts';
import { holdUntilText } from './maintenance-window.ts';
import { findDeploymentRow, readLog, toDeployment } from './deployment-store.ts';
import type { Deployment, DeploymentState, LogChunk } from './deployment-types.ts';
import { holdsAt, windowOfSpec } from './window-holds.ts';

/** A deployment as the API shows it: with when its target's maintenance window lets it start. */
export interface DeploymentView extends Deployment {
  /** For a deployment not started yet (pending, skipped) whose target's window is shut: when it opens, or 'never'. */
  heldUntil: string | null;
}

/** States whose deployment has not started, so a shut maintenance window holds it. */
const WAITING: ReadonlySet<DeploymentState> = new Set(['pending', 'skipped']);

export interface DeploymentFilter {
  ring?: string | undefined;
  state?: DeploymentState | undefined;
  limit: number;
  offset: number;
}

export interface DeploymentService {
  /** Deployments that put this release on targets (its promotions), in rollout order. */
  listForRelease(by: Principal, product: string, version: string, filter: DeploymentFilter): Promise<{ deployments: DeploymentView[]; total: number }>;
  get(by: Principal, id: string): Promise<DeploymentView>;
  log(by: Principal, id: string, after: number, limit: number): Promise<{ chunks: LogChunk[]; next: number; state: DeploymentState }>;
}

export function createDeploymentService(db: Kysely<Database>, clock: Clock): DeploymentService {
  /** heldUntil for a page of one product's deployments: one query for the waiting ones' targets. */
  async function withHolds(productId: string, deployments: Deployment[]): Promise<DeploymentView[]> {
    const names = [...new Set(deployments.filter((d) => WAITING.has(d.state)).map((d) => d.target))];
    const specs =
      names.length === 0
        ? []
        : await db.selectFrom('targets').select(['name', 'spec']).where('product_id', '=', productId).where('name', 'in', names).execute();
    const windows = new Map(specs.map((t) => [t.name, windowOfSpec(t.spec)]));
    const holdOf = holdsAt(clock.now().getTime());
    return deployments.map((d) => ({ ...d, heldUntil: WAITING.has(d.state) ? holdUntilText(holdOf(windows.get(d.target) ?? null)) : null }));
  }

  async function visible(by: Principal, id: string) {
    const row = await findDeploymentRow(db, id);
    const product = row && (await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirst());
    if (!row || !product || !canSeeProduct(by, product.name)) throw new NotFoundError(`deployment '${id}' does not exist`);
    const release = await db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow();
    return { deployment: toDeployment(row, product.name, release.version), productId: row.product_id };
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
      return { deployments: await withHolds(product.id, rows.map((r) => toDeployment(r, product.name, version))), total: Number(count.n) };
    },

    async get(by, id) {
      requirePermission(by, 'products:read');
      const { deployment, productId } = await visible(by, id);
      const [view] = await withHolds(productId, [deployment]);
      return view!;
    },

    async log(by, id, after, limit) {
      requirePermission(by, 'products:read');
      const { deployment } = await visible(by, id);
      const chunks = await readLog(db, id, after, limit);
      return { chunks, next: chunks.length > 0 ? chunks[chunks.length - 1]!.seq : after, state: deployment.state };
    },
  };
}
