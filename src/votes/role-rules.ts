/**
 * Who holds a role for a product: someone the product file names for it, or a
 * user whose own (global) role is it — the rule approvals already follow.
 * Pure: the holders are read elsewhere (role-holders.ts).
 */

/** The roles among `candidates` the user holds, in the candidates' order. */
export function heldRoles(productRoles: Readonly<Record<string, readonly string[]>>, user: string, globalRole: string | null, candidates: readonly string[]): string[] {
  return candidates.filter((role) => role === globalRole || (productRoles[role] ?? []).includes(user));
}

/** `carol`, `carol, erin`, or `nobody`: for messages that say who could act instead. */
export function holdersText(holders: readonly string[]): string {
  return holders.length === 0 ? 'nobody' : holders.join(', ');
}

/** `module-lead (mia), qa (carol), product (nobody)`. */
export function rolesWithHolders(roles: readonly string[], holders: Readonly<Record<string, readonly string[]>>): string {
  return roles.map((role) => `${role} (${holdersText(holders[role] ?? [])})`).join(', ');
}

/** The user behind a personal token's actor (`user:carol` → carol), or null for CI and agent tokens. */
export function personOf(actor: string): string | null {
  return actor.startsWith('user:') ? actor.slice('user:'.length) : null;
}
