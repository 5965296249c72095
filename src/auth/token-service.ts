import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { hashToken, newToken } from '../platform/crypto/tokens.ts';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../platform/errors/errors.ts';
import { findTokenRow, findUserByName, insertToken, listTokenRows, markTokenRevoked, toTokenInfo } from './auth-store.ts';
import type { Principal, TokenInfo, TokenKind, TokensTable } from './auth-types.ts';
import { can, requirePermission } from './permissions.ts';

export const MAX_TOKEN_LIFETIME_SECONDS = 5 * 365 * 24 * 3600;

/** Marks a token minted by a browser sign-in: sign-out revokes exactly those, never a token the user brought. */
const BROWSER_SESSION = 'browser-session';

export interface NewToken {
  name: string;
  kind: TokenKind;
  /** Personal tokens: whose; defaults to the caller. */
  user?: string | undefined;
  product?: string | undefined;
  target?: string | undefined;
  expiresInSeconds?: number | undefined;
}

export interface IssuedToken {
  token: TokenInfo;
  /** The token itself: shown once, never stored. */
  secret: string;
}

/** What the token service needs to know about products, without depending on their store. */
export interface ScopeLookup {
  productExists(product: string): Promise<boolean>;
  targetExists(product: string, target: string): Promise<boolean>;
}

export interface TokenService {
  createToken(by: Principal, input: NewToken): Promise<IssuedToken>;
  listTokens(by: Principal): Promise<TokenInfo[]>;
  revokeToken(by: Principal, idOrName: string): Promise<TokenInfo>;
  /** A personal token for a user who proved who they are with a password. */
  issueSessionToken(userName: string, name: string, expiresInSeconds: number): Promise<IssuedToken>;
  /** Like issueSessionToken, for a browser sign-in: the token is marked so that sign-out revokes it. */
  issueBrowserSession(userName: string, expiresInSeconds: number): Promise<IssuedToken>;
  /** Revokes the caller's token if a browser sign-in minted it; answers whether it did. */
  endBrowserSession(by: Principal): Promise<boolean>;
}

export function createTokenService(db: Kysely<Database>, clock: Clock, scopes: ScopeLookup): TokenService {
  async function issue(actor: string, row: Omit<TokensTable, 'hash' | 'created_at' | 'id'>, userName: string | null): Promise<IssuedToken> {
    const secret = newToken();
    const full: TokensTable = { ...row, id: randomUUID(), hash: hashToken(secret), created_at: isoNow(clock) };
    await db.transaction().execute(async (trx) => {
      await insertToken(trx, full);
      const scope = full.kind === 'user' ? `for ${userName}` : full.kind === 'ci' ? `for CI of ${full.product}` : `for agent of ${full.product}/${full.target}`;
      await appendEvent(trx, full.created_at, {
        actor,
        type: 'token.created',
        subject: `token/${full.id}`,
        summary: `${actor} created token ${full.name} ${scope}`,
        data: { token: full.id, name: full.name, kind: full.kind, user: userName, product: full.product, target: full.target, expiresAt: full.expires_at },
      });
    });
    return { token: toTokenInfo(full, userName), secret };
  }

  async function issueForUser(userName: string, name: string, expiresInSeconds: number, purpose: string | null = null): Promise<IssuedToken> {
    const user = await findUserByName(db, userName);
    if (!user) throw new NotFoundError(`user '${userName}' does not exist`);
    const expiresAt = expiry(expiresInSeconds);
    return issue(`user:${user.name}`, { name, kind: 'user', user_id: user.id, product: null, target: null, created_by: `user:${user.name}`, expires_at: expiresAt, revoked_at: null, last_used_at: null, purpose }, user.name);
  }

  /** Revokes one token with its event; answers when, or null when it was revoked already. */
  async function revoke(by: Principal, row: Pick<TokensTable, 'id' | 'name' | 'kind'>, summary: string): Promise<string | null> {
    const at = isoNow(clock);
    let done = true;
    await db.transaction().execute(async (trx) => {
      const result = await markTokenRevoked(trx, row.id, at);
      if (Number(result.numUpdatedRows) === 0) {
        done = false;
        return;
      }
      await appendEvent(trx, at, {
        actor: by.actor,
        type: 'token.revoked',
        subject: `token/${row.id}`,
        summary,
        data: { token: row.id, name: row.name, kind: row.kind },
      });
    });
    return done ? at : null;
  }

  function expiry(seconds: number | undefined): string | null {
    if (seconds === undefined) return null;
    if (!Number.isInteger(seconds) || seconds <= 0 || seconds > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new InputError(`expiresInSeconds must be a whole number from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`, [{ field: 'expiresInSeconds' }]);
    }
    return new Date(clock.now().getTime() + seconds * 1000).toISOString();
  }

  return {
    async createToken(by, input) {
      requirePermission(by, 'tokens:own');
      const name = input.name.trim();
      if (name.length === 0 || name.length > 100) throw new InputError('a token name of 1 to 100 characters is required', [{ field: 'name' }]);
      const expiresAt = expiry(input.expiresInSeconds);

      if (input.kind === 'user') {
        if (input.product !== undefined || input.target !== undefined) {
          throw new InputError('personal tokens carry their user\'s role and take no product or target', [{ field: 'product' }]);
        }
        const userName = input.user ?? by.actor.replace(/^user:/, '');
        const user = await findUserByName(db, userName);
        if (!user) throw new NotFoundError(`user '${userName}' does not exist`);
        if (user.id !== by.userId && !can(by, 'tokens:manage')) {
          throw new NotAllowedError('only an admin may create tokens for another user');
        }
        return issue(by.actor, { name, kind: 'user', user_id: user.id, product: null, target: null, created_by: by.actor, expires_at: expiresAt, revoked_at: null, last_used_at: null, purpose: null }, user.name);
      }

      requirePermission(by, 'tokens:manage');
      if (input.user !== undefined) throw new InputError(`${input.kind} tokens belong to no user`, [{ field: 'user' }]);
      if (!input.product) throw new InputError(`${input.kind} tokens need a product`, [{ field: 'product' }]);
      if (!(await scopes.productExists(input.product))) throw new NotFoundError(`product '${input.product}' does not exist`);
      if (input.kind === 'ci') {
        if (input.target !== undefined) throw new InputError('CI tokens are for a whole product and take no target', [{ field: 'target' }]);
        return issue(by.actor, { name, kind: 'ci', user_id: null, product: input.product, target: null, created_by: by.actor, expires_at: expiresAt, revoked_at: null, last_used_at: null, purpose: null }, null);
      }
      if (!input.target) throw new InputError('agent tokens need a target', [{ field: 'target' }]);
      if (!(await scopes.targetExists(input.product, input.target))) {
        throw new NotFoundError(`target '${input.target}' does not exist in product '${input.product}'`);
      }
      return issue(by.actor, { name, kind: 'agent', user_id: null, product: input.product, target: input.target, created_by: by.actor, expires_at: expiresAt, revoked_at: null, last_used_at: null, purpose: null }, null);
    },

    async listTokens(by) {
      requirePermission(by, 'tokens:own');
      const rows = await listTokenRows(db, can(by, 'tokens:manage') ? null : by.userId ?? '');
      return rows.map((r) => toTokenInfo(r, r.user_name));
    },

    async revokeToken(by, idOrName) {
      requirePermission(by, 'tokens:own');
      const matches = await findTokenRow(db, idOrName);
      const visible = can(by, 'tokens:manage') ? matches : matches.filter((t) => t.user_id !== null && t.user_id === by.userId);
      if (visible.length === 0) throw new NotFoundError(`no active token '${idOrName}' that you may revoke`);
      if (visible.length > 1) throw new ConflictError(`${visible.length} active tokens are named '${idOrName}': revoke by id`, visible.map((t) => ({ id: t.id })));
      const row = visible[0]!;
      const at = await revoke(by, row, `${by.actor} revoked token ${row.name}`);
      if (at === null) throw new ConflictError(`token '${idOrName}' is already revoked`);
      return toTokenInfo({ ...row, revoked_at: at }, row.user_name);
    },

    async issueSessionToken(userName, name, expiresInSeconds) {
      return issueForUser(userName, name, expiresInSeconds);
    },

    async issueBrowserSession(userName, expiresInSeconds) {
      return issueForUser(userName, `browser session ${isoNow(clock).slice(0, 16)}`, expiresInSeconds, BROWSER_SESSION);
    },

    async endBrowserSession(by) {
      const row = (await findTokenRow(db, by.tokenId)).find((t) => t.id === by.tokenId);
      if (!row || row.kind !== 'user' || row.user_id !== by.userId || row.purpose !== BROWSER_SESSION) return false;
      return (await revoke(by, row, `${by.actor} signed out of ${row.name}`)) !== null;
    },
  };
}
