import { NotAllowedError } from '../platform/errors/errors.ts';
import type { Principal } from './auth-types.ts';
import type { Permission } from './roles.ts';

const DESCRIPTIONS: Record<Permission, string> = {
  'events:read': 'read events',
  'products:read': 'read products',
  'products:apply': 'apply product files',
  'users:read': 'list users',
  'users:manage': 'manage users',
  'tokens:own': 'manage its own tokens',
  'tokens:manage': 'manage tokens',
  'metrics:read': 'read metrics',
  'docs:read': 'read the API documentation',
  'builds:register': 'register builds',
  'releases:create': 'create releases',
  'releases:promote': 'promote releases',
  'releases:approve': 'approve releases',
  'releases:reject': 'reject releases',
  'releases:rollback': 'roll back targets',
  'releases:vote': 'vote on releases and tick their checklists',
  'agent:report': 'report as an agent',
  'bundles:manage': 'export offline bundles and import their results',
};

export function can(principal: Principal, permission: Permission): boolean {
  return principal.permissions.includes(permission);
}

/** Throws unless the caller holds `permission`; the message names the role and the act. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) {
    const who = principal.kind === 'user' ? `role '${principal.role}'` : `a ${principal.kind} token`;
    throw new NotAllowedError(`${who} may not ${DESCRIPTIONS[permission]}`);
  }
}

/** CI and agent tokens see only their own product. */
export function canSeeProduct(principal: Principal, product: string): boolean {
  return principal.product === null || principal.product === product;
}
