/**
 * Product roles: which users hold which role for this product.
 */
import { USER_ROLES } from '../../auth/roles.ts';
import { compareText } from '../compare-text.ts';
import { keyPath } from './product-file-error.ts';
import { checkUser } from './name-rules.ts';
import { checkRole } from './read-gates.ts';
import type { Located, Reader } from './yaml-reader.ts';

/** Role → sorted user names; a role with nobody is the same as an absent one, so it is dropped. */
export function readRoles(r: Reader, at: Located): Record<string, string[]> | undefined {
  const entries = r.entries(at);
  if (entries === undefined) return undefined;
  const roles: Record<string, string[]> = {};
  let ok = true;
  for (const { key, value } of entries.sort((a, b) => compareText(String(a.key.value), String(b.key.value)))) {
    const role = key.value as string;
    const problem = checkRole(role);
    if (problem !== null) r.report(key, keyPath(at.path, role), problem);
    const users = value === null ? [] : r.stringList(value, checkUser);
    if (problem !== null || users === undefined) ok = false;
    else if (users.length > 0 && (USER_ROLES as readonly string[]).includes(role)) roles[role] = users.map((u) => u.value).sort(compareText);
  }
  return ok ? roles : undefined;
}
