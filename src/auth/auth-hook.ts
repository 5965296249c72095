import type { FastifyRequest } from 'fastify';
import { errorBody } from '../platform/http/error-body.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import type { Principal } from './auth-types.ts';
import type { Authenticate } from './authenticate.ts';
import { requirePermission } from './permissions.ts';
import type { Permission } from './roles.ts';
import { readCookie, SESSION_COOKIE } from './session-cookie.ts';

/**
 * A route is public (health only), takes a password (sign-in), takes any valid
 * token ('authenticated'), or names the permission it needs.
 */
export type RouteAccess = Permission | 'public' | 'credentials' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Where the principal's token came from; null on routes that take no token. */
    credentialSource: CredentialSource | null;
  }
  interface FastifyInstance {
    /** The authenticator the hook uses, for routes that check a token given in the body (browser sign-in). */
    authenticateToken: Authenticate;
  }
}

/** A token comes from the Authorization header (programs) or the session cookie (the browser). */
export type CredentialSource = 'header' | 'cookie';

/**
 * Cookie-authenticated writes must carry this header. A browser sends a custom
 * header cross-site only after a CORS preflight, which this server never grants,
 * so its presence proves the request came from our own pages.
 */
export const CLIENT_HEADER = 'x-ringmaster-client';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes registered by plugins (the docs UI) that get a permission here rather than in their options. */
const PLUGIN_ROUTE_ACCESS: [prefix: string, access: Permission][] = [['/docs', 'docs:read']];

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Authentication for every route. It fails closed: registering a route that
 * declares no access rule stops the server from starting. Answers the list of
 * routes with their rules, filled as routes register (tests walk it).
 */
export function installAuth(app: HttpServer, authenticate: Authenticate): RouteEntry[] {
  const routes: RouteEntry[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('credentialSource', null);
  app.decorate('authenticateToken', authenticate);

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess };
    let access = config.access;
    if (!access) {
      const plugin = PLUGIN_ROUTE_ACCESS.find(([prefix]) => route.url.startsWith(prefix));
      if (!plugin) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
      access = plugin[1];
      route.config = { ...config, access };
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // 'credentials' routes (sign-in) prove identity in the body instead of a header or cookie.
    if (access === 'public' || access === 'credentials') return;
    if (access === undefined) return; // unmatched routes: the not-found handler answers 404
    const credential = credentialOf(request);
    if (credential?.source === 'cookie' && UNSAFE_METHODS.has(request.method) && !request.headers[CLIENT_HEADER]?.toString().trim()) {
      // Refused before the token is even looked up: a forged request leaves no trace.
      return reply.status(403).send(errorBody('csrf', `a browser session must send the X-Ringmaster-Client header with ${request.method} requests, so other sites cannot act in its name`));
    }
    request.principal = await authenticate(credential?.token);
    request.credentialSource = credential?.source ?? null;
    if (access !== 'authenticated') requirePermission(request.principal, access);
  });
  return routes;
}

/** The Authorization header wins; the session cookie counts only when there is none. */
function credentialOf(request: FastifyRequest): { token: string; source: CredentialSource } | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return { token: match?.[1] ?? header.trim(), source: 'header' };
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  return cookie ? { token: cookie, source: 'cookie' } : undefined;
}

/** The caller of an authenticated route; the hook guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no authenticated principal');
  return request.principal;
}
