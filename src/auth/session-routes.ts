import type { Static } from 'typebox';
import { InputError, NotAllowedError, UnauthenticatedError } from '../platform/errors/errors.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { principalOf } from './auth-hook.ts';
import { CurrentSessionBody, MeBody, meOf, SessionBody, SignedOutBody } from './auth-schemas.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie.ts';
import type { TokenService } from './token-service.ts';
import type { UserService } from './user-service.ts';

export { wantsSecureCookies } from './session-cookie.ts';

/** A browser session lasts a working day; signing in again is cheap. */
export const BROWSER_SESSION_SECONDS = 12 * 3600;

export interface SessionRouteOptions {
  /** Mark the cookie Secure: the server is reached over HTTPS. */
  secureCookies: boolean;
}

export type SessionCredentials = { kind: 'password'; user: string; password: string } | { kind: 'token'; token: string };

/** Exactly one way to sign in: a user with a password, or a token. */
export function sessionCredentials(body: Static<typeof SessionBody>): SessionCredentials {
  const { user, password, token } = body;
  if (token !== undefined) {
    if (user !== undefined || password !== undefined) {
      throw new InputError('sign in with either user and password or a token, not both', [{ field: 'token' }]);
    }
    return { kind: 'token', token };
  }
  if (user === undefined || password === undefined) {
    throw new InputError('sign in with both user and password, or with a token', [{ field: user === undefined ? 'user' : 'password' }]);
  }
  return { kind: 'password', user, password };
}

/**
 * Browser sessions: the token lives in an httpOnly cookie that scripts cannot
 * read; the auth hook accepts it and guards cookie writes against forgery.
 */
export function registerSessionRoutes(app: HttpServer, users: UserService, tokens: TokenService, options: SessionRouteOptions): void {
  app.post('/api/auth/session', {
    config: { access: 'credentials' },
    schema: {
      tags: ['auth'],
      summary: 'Sign a browser in with a user and password, or a personal token; the session is an httpOnly cookie',
      security: [],
      body: SessionBody,
      response: { 201: MeBody, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const credentials = sessionCredentials(request.body);
    let secret: string;
    if (credentials.kind === 'password') {
      const user = await users.checkPassword(credentials.user, credentials.password);
      secret = (await tokens.issueBrowserSession(user.name, BROWSER_SESSION_SECONDS)).secret;
    } else {
      secret = credentials.token;
    }
    const principal = await app.authenticateToken(secret);
    if (principal.kind !== 'user') {
      throw new NotAllowedError(`a ${principal.kind} token cannot start a browser session; sign in with a password or a personal token`);
    }
    void reply.header('set-cookie', sessionCookie(secret, { maxAgeSeconds: BROWSER_SESSION_SECONDS, secure: options.secureCookies }));
    return reply.status(201).send(meOf(principal));
  });

  app.get('/api/auth/session', {
    // Asking whether one's own cookie is still good reveals nothing else, so the
    // sign-in page can ask without a token and without a 401 in the console.
    config: { access: 'credentials' },
    schema: { tags: ['auth'], summary: "The browser's session: who it is signed in as, or null", security: [], response: { 200: CurrentSessionBody, ...ERROR_RESPONSES } },
  }, async (request) => {
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!secret) return { session: null };
    try {
      const principal = await app.authenticateToken(secret);
      return { session: principal.kind === 'user' ? meOf(principal) : null };
    } catch (error) {
      if (error instanceof UnauthenticatedError) return { session: null };
      throw error;
    }
  });

  app.delete('/api/auth/session', {
    // Every personal token may revoke itself; CI and agent tokens have no session to end.
    config: { access: 'tokens:own' },
    schema: { tags: ['auth'], summary: 'Sign a browser out: ends a password session and clears the cookie', response: { 200: SignedOutBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => {
    // A token the user brought to the sign-in stays valid; only the one we minted ends.
    if (request.credentialSource === 'cookie') await tokens.endBrowserSession(principalOf(request));
    void reply.header('set-cookie', clearedSessionCookie(options.secureCookies));
    return { signedOut: true as const };
  });
}
