import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import type { Clock } from '../platform/clock.ts';
import { requirePermission } from '../auth/permissions.ts';
import { visibleProduct } from '../products/product-access.ts';
import { type FleetFilter, type FleetRow, queryFleet } from './fleet-store.ts';

export interface FleetService {
  /** A page of a product's targets with their runtime state: the dashboard's targets page. */
  list(by: Principal, product: string, filter: FleetFilter): Promise<{ rows: FleetRow[]; total: number }>;
}

/** agentUnreachableSeconds: a pull target whose agent has not called in for this long shows as unreachable. */
export function createFleetService(db: Kysely<Database>, clock: Clock, options: { agentUnreachableSeconds: number }): FleetService {
  return {
    async list(by, productName, filter) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      return queryFleet(db, product.id, filter, { now: clock.now(), unreachableMs: options.agentUnreachableSeconds * 1000 });
    },
  };
}
