import type { AuthTables } from '../auth/auth-types.ts';
import type { EventTables } from '../events/event-types.ts';
import type { ProductTables } from '../products/product-tables.ts';

export interface MetaTable {
  key: string;
  value: string;
}

/** Every table, composed from the domain folders that own them. */
export interface Database extends EventTables, AuthTables, ProductTables {
  meta: MetaTable;
}
