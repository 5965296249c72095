import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { hashToken, looksLikeToken } from '../platform/crypto/tokens.ts';
import { UnauthenticatedError } from '../platform/errors/errors.ts';
import { findTokenByHash, markTokenUsed } from './auth-store.ts';
import type { Principal, TokenKind } from './auth-types.ts';
import { AGENT_PERMISSIONS, CI_PERMISSIONS, isUserRole, ROLE_PERMISSIONS } from './roles.ts';

/** Writing last-used on every request would turn reads into writes; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type Authenticate = (rawToken: string | undefined) => Promise<Principal>;

export function createAuthenticator(db: Kysely<Database>, clock: Clock): Authenticate {
  return async (rawToken) => {
    if (!rawToken) throw new UnauthenticatedError('a token is required: send "Authorization: Bearer <token>"');
    // Every refusal says the same thing, so a caller cannot probe which tokens exist.
    const refused = () => new UnauthenticatedError('the token is invalid, expired or revoked');
    if (!looksLikeToken(rawToken)) throw refused();
    const token = await findTokenByHash(db, hashToken(rawToken));
    const now = clock.now();
    if (!token || token.revoked_at !== null) throw refused();
    if (token.expires_at !== null && token.expires_at <= now.toISOString()) throw refused();

    const kind = token.kind as TokenKind;
    let principal: Principal;
    if (kind === 'user') {
      const role = token.user_role;
      if (!token.user_id || !token.user_name || token.user_disabled_at !== null || role === null || !isUserRole(role)) throw refused();
      principal = {
        tokenId: token.id,
        kind,
        userId: token.user_id,
        actor: `user:${token.user_name}`,
        role,
        permissions: ROLE_PERMISSIONS[role],
        product: null,
        target: null,
      };
    } else {
      principal = {
        tokenId: token.id,
        kind,
        userId: null,
        actor: kind === 'ci' ? `ci:${token.name}` : `agent:${token.target}`,
        role: null,
        permissions: kind === 'ci' ? CI_PERMISSIONS : AGENT_PERMISSIONS,
        product: token.product,
        target: token.target,
      };
    }

    const lastUsed = token.last_used_at ? Date.parse(token.last_used_at) : 0;
    if (now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS) await markTokenUsed(db, token.id, isoNow(clock));
    return principal;
  };
}
