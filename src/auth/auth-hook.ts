import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../platform/http/http-server.ts';
import type { Principal } from './auth-types.ts';
import type { Authenticate } from './authenticate.ts';
import { requirePermission } from './permissions.ts';
import type { Permission } from './roles.ts';

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
  }
}

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

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // 'credentials' routes (sign-in) prove identity with a password instead of a token.
    if (access === 'public' || access === 'credentials') return;
    if (access === undefined) return; // unmatched routes: the not-found handler answers 404
    request.principal = await authenticate(bearerToken(request));
    if (access !== 'authenticated') requirePermission(request.principal, access);
  });
  return routes;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? header.trim();
}

/** The caller of an authenticated route; the hook guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no authenticated principal');
  return request.principal;
}
