import type { Permission, UserRole } from './roles.ts';

export const TOKEN_KINDS = ['user', 'ci', 'agent'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Who is calling: resolved from a token on every request. */
export interface Principal {
  tokenId: string;
  kind: TokenKind;
  /** The user behind a personal token; null for CI and agent tokens. */
  userId: string | null;
  /** How the caller is named in events: user:alice, ci:maya-ci, agent:acme-onprem. */
  actor: string;
  role: UserRole | null;
  permissions: readonly Permission[];
  /** CI and agent tokens are bound to one product; agents to one target as well. */
  product: string | null;
  target: string | null;
}

export interface User {
  id: string;
  name: string;
  role: UserRole;
  email: string | null;
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
}

export interface TokenInfo {
  id: string;
  name: string;
  kind: TokenKind;
  user: string | null;
  product: string | null;
  target: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  email: string | null;
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface TokensTable {
  id: string;
  name: string;
  hash: string;
  kind: string;
  user_id: string | null;
  product: string | null;
  target: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  /** null for API tokens; 'browser-session' for a token a browser sign-in minted. */
  purpose: string | null;
}

export interface AuthTables {
  users: UsersTable;
  tokens: TokensTable;
}
