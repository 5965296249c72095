import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { compareText } from '../products/compare-text.ts';

/**
 * Everyone holding each role for the product: the people the product file
 * names, and enabled users whose own role is it. Sorted, for messages and views.
 */
export async function roleHolders(db: Kysely<Database>, productRoles: Readonly<Record<string, readonly string[]>>, roles: readonly string[]): Promise<Record<string, string[]>> {
  const wanted = [...new Set(roles)];
  const global = wanted.length === 0 ? [] : await db.selectFrom('users').select(['name', 'role']).where('role', 'in', wanted).where('disabled_at', 'is', null).execute();
  const holders: Record<string, string[]> = {};
  for (const role of wanted) {
    const names = new Set([...(productRoles[role] ?? []), ...global.filter((u) => u.role === role).map((u) => u.name)]);
    holders[role] = [...names].sort(compareText);
  }
  return holders;
}
