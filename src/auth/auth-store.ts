import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { TokenInfo, TokenKind, TokensTable, User, UsersTable } from './auth-types.ts';
import type { UserRole } from './roles.ts';

/** Queries over users and tokens. No rules here: the services decide. */
export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as UserRole,
    email: row.email,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export function toTokenInfo(row: Selectable<TokensTable>, userName: string | null): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as TokenKind,
    user: userName,
    product: row.product,
    target: row.target,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function findUserByName(db: Kysely<Database>, name: string) {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

/** A token with its user's name, role and state: one query per authenticated request. */
export function findTokenByHash(db: Kysely<Database>, hash: string) {
  return db
    .selectFrom('tokens')
    .leftJoin('users', 'users.id', 'tokens.user_id')
    .selectAll('tokens')
    .select(['users.name as user_name', 'users.role as user_role', 'users.disabled_at as user_disabled_at'])
    .where('tokens.hash', '=', hash)
    .executeTakeFirst();
}

export async function listTokenRows(db: Kysely<Database>, userId: string | null) {
  let q = db
    .selectFrom('tokens')
    .leftJoin('users', 'users.id', 'tokens.user_id')
    .selectAll('tokens')
    .select('users.name as user_name');
  if (userId !== null) q = q.where('tokens.user_id', '=', userId);
  return q.orderBy('tokens.created_at', 'asc').orderBy('tokens.id', 'asc').execute();
}

export function findTokenRow(db: Kysely<Database>, idOrName: string) {
  return db
    .selectFrom('tokens')
    .leftJoin('users', 'users.id', 'tokens.user_id')
    .selectAll('tokens')
    .select('users.name as user_name')
    .where((eb) => eb.or([eb('tokens.id', '=', idOrName), eb('tokens.name', '=', idOrName)]))
    .where('tokens.revoked_at', 'is', null)
    .execute();
}

export function listUserRows(db: Kysely<Database>) {
  return db.selectFrom('users').selectAll().orderBy('name', 'asc').execute();
}

export function insertUser(db: Kysely<Database>, row: UsersTable) {
  return db.insertInto('users').values(row).execute();
}

export function insertToken(db: Kysely<Database>, row: TokensTable) {
  return db.insertInto('tokens').values(row).execute();
}

export function markTokenUsed(db: Kysely<Database>, id: string, at: string) {
  return db.updateTable('tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function markTokenRevoked(db: Kysely<Database>, id: string, at: string) {
  return db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}
