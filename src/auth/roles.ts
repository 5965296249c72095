/**
 * Roles and what each may do. Pure data and functions: no I/O.
 */
export const USER_ROLES = ['admin', 'release-manager', 'sre', 'qa', 'module-lead', 'product', 'developer', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const PERMISSIONS = [
  'events:read',
  'products:read',
  'products:apply',
  'users:read',
  'users:manage',
  'tokens:own', // create, list and revoke one's own personal tokens
  'tokens:manage', // any token, including CI and agent tokens
  'metrics:read',
  'docs:read',
  'builds:register',
  'releases:create', // create, withdraw and mark releases as candidates
  'releases:promote',
  'releases:approve', // counts only for rings whose approval gates name a role the user holds
  'releases:reject',
  'releases:rollback',
  'releases:vote', // counts only for roles the user holds for the product: Go/No-Go ballots and checklist ticks
  'agent:report',
  'bundles:manage', // offline bundles hold a target's secret configuration in plain text
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['events:read', 'products:read', 'users:read', 'tokens:own', 'metrics:read', 'docs:read'];

export const ROLE_PERMISSIONS: Record<UserRole, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  'release-manager': [...READ, 'products:apply', 'builds:register', 'releases:create', 'releases:promote', 'releases:approve', 'releases:reject', 'releases:rollback', 'releases:vote', 'bundles:manage'],
  sre: [...READ, 'builds:register', 'releases:promote', 'releases:approve', 'releases:reject', 'releases:rollback', 'releases:vote'],
  qa: [...READ, 'releases:approve', 'releases:reject', 'releases:vote'],
  'module-lead': [...READ, 'builds:register', 'releases:create', 'releases:approve', 'releases:vote'],
  product: [...READ, 'releases:approve', 'releases:vote'],
  developer: [...READ, 'builds:register'],
  viewer: READ,
};

/** CI may register builds of one product and read that product; nothing else. */
export const CI_PERMISSIONS: readonly Permission[] = ['builds:register', 'products:read', 'docs:read'];
/** An agent may read its own target's desired state and report on it. */
export const AGENT_PERMISSIONS: readonly Permission[] = ['agent:report'];

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}
