import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { canSeeProduct, requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { isUniqueViolation } from '../platform/db/dialect.ts';
import { ConflictError, InputError, NotFoundError } from '../platform/errors/errors.ts';
import { planChanges, type ProductChange } from './plan-changes.ts';
import { formatProductFileError, parseProductFile } from './product-file/parse-product-file.ts';
import type { ProductSpec, TargetSpec } from './product-spec.ts';
import { findProduct, findTarget, listProductRows, loadProductSpec, lockProduct, queryTargets, saveProductSpec, type TargetFilter } from './product-store.ts';
import { sealSecrets, unsealSecrets } from './secrets.ts';

export interface ApplyRequest {
  source: string;
  fileName: string;
  dryRun: boolean;
}

export interface ApplyOutcome {
  product: string;
  dryRun: boolean;
  applied: boolean;
  changes: ProductChange[];
}

export interface ProductSummary {
  name: string;
  description: string;
  components: number;
  rings: number;
  targets: number;
  users: number;
  updatedAt: string;
}

export interface ProductService {
  apply(by: Principal, request: ApplyRequest): Promise<ApplyOutcome>;
  list(by: Principal): Promise<ProductSummary[]>;
  /** The stored spec with secret values still sealed; callers show only public views. */
  get(by: Principal, name: string): Promise<ProductSpec>;
  exists(name: string): Promise<boolean>;
  targetExists(product: string, target: string): Promise<boolean>;
  listTargets(by: Principal, product: string, filter: TargetFilter): Promise<{ targets: TargetSpec[]; total: number }>;
}

export function createProductService(db: Kysely<Database>, clock: Clock, box: SecretBox): ProductService {
  return {
    async apply(by, request) {
      requirePermission(by, 'products:apply');
      const parsed = parseProductFile(request.source, request.fileName);
      if (!parsed.ok) {
        const first = parsed.errors[0];
        const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
        throw new InputError(first ? formatProductFileError(first) + more : 'the product file is invalid', parsed.errors.map((e) => ({ ...e })), 'invalid_product_file');
      }
      const desired = parsed.spec;
      try {
        return await db.transaction().execute(async (trx) => {
          await lockProduct(trx, desired.name);
          const stored = await loadProductSpec(trx, desired.name);
          const current = stored ? unsealSecrets(stored.spec, box) : null;
          const changes = planChanges(current, desired);
          if (request.dryRun || changes.length === 0) {
            return { product: desired.name, dryRun: request.dryRun, applied: false, changes };
          }
          const at = isoNow(clock);
          const sealed = sealSecrets(desired, box, stored && current ? { sealed: stored.spec, plain: current } : undefined);
          await saveProductSpec(trx, stored?.id ?? null, sealed, at);
          await appendEvent(trx, at, {
            actor: by.actor,
            type: 'product.applied',
            subject: `product/${desired.name}`,
            summary: `${by.actor} applied ${desired.name}: ${describeChanges(changes)}`,
            data: { product: desired.name, file: request.fileName, changes },
          });
          return { product: desired.name, dryRun: false, applied: true, changes };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`product '${desired.name}' was changed by someone else at the same moment; apply again`);
        throw error;
      }
    },

    async list(by) {
      requirePermission(by, 'products:read');
      const rows = (await listProductRows(db)).filter((p) => canSeeProduct(by, p.name));
      const counts = await Promise.all(rows.map(async (p) => {
        const [components, rings, targets] = await Promise.all([
          db.selectFrom('components').select((eb) => eb.fn.countAll<number>().as('n')).where('product_id', '=', p.id).executeTakeFirstOrThrow(),
          db.selectFrom('rings').select((eb) => eb.fn.countAll<number>().as('n')).where('product_id', '=', p.id).executeTakeFirstOrThrow(),
          db.selectFrom('targets').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('users').as('users')]).where('product_id', '=', p.id).executeTakeFirstOrThrow(),
        ]);
        return { components: Number(components.n), rings: Number(rings.n), targets: Number(targets.n), users: Number(targets.users ?? 0) };
      }));
      return rows.map((p, i) => ({ name: p.name, description: p.description, updatedAt: p.updated_at, ...counts[i]! }));
    },

    async get(by, name) {
      requirePermission(by, 'products:read');
      const stored = canSeeProduct(by, name) ? await loadProductSpec(db, name) : null;
      if (!stored) throw new NotFoundError(`product '${name}' does not exist`);
      return stored.spec;
    },

    async exists(name) {
      return (await findProduct(db, name)) !== undefined;
    },

    async targetExists(product, target) {
      return (await findTarget(db, product, target)) !== undefined;
    },

    async listTargets(by, product, filter) {
      requirePermission(by, 'products:read');
      const row = canSeeProduct(by, product) ? await findProduct(db, product) : undefined;
      if (!row) throw new NotFoundError(`product '${product}' does not exist`);
      return queryTargets(db, row.id, filter);
    },
  };
}

/** "2 created, 1 updated" */
export function describeChanges(changes: ProductChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  return ['create', 'update', 'delete']
    .filter((a) => counts.has(a))
    .map((a) => `${counts.get(a)} ${a}d`)
    .join(', ');
}
