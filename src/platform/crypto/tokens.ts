import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens: 32 random bytes behind a recognisable prefix (so secret scanners
 * can spot a leaked one). Only the SHA-256 of a token is stored: the token has
 * full entropy, so a slow hash adds nothing but latency on every request.
 */
const PREFIX = 'rm_';

export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length === PREFIX.length + 43;
}
