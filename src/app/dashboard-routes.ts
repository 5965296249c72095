import type { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { NotFoundError } from '../platform/errors/errors.ts';
import type { HttpServer } from '../platform/http/http-server.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page may run only its own scripts and talk only to its own server;
 * inline styles are allowed because Mantine sets CSS variables that way.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Paths that belong to the API or the server itself: an unknown one is a 404, never the app. */
const SERVER_PREFIXES = ['/api/', '/docs', '/openapi.json', '/metrics', '/healthz', '/readyz'];

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Ringmaster</title>
<p>The dashboard has not been built. <code>npm install</code> builds it (or run <code>npm run build:web</code>), then restart the server.
The API is up: see <a href="/docs">/docs</a>.</p>`;

/**
 * Serves the web dashboard (a single-page app built into `dir`) at `/`. The
 * shell and its hashed assets hold no data, so they need no token; everything
 * they show comes from the API, which does.
 */
export function registerDashboardRoutes(app: HttpServer, dir: string): void {
  const indexFile = join(dir, 'index.html');
  const index = existsSync(indexFile) ? readFileSync(indexFile) : Buffer.from(NOT_BUILT);
  const cache = new Map<string, Buffer>();

  const sendIndex = (reply: FastifyReply) =>
    reply.headers({ ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' }).send(index);

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => sendIndex(reply));

  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (SERVER_PREFIXES.some((prefix) => path.startsWith(prefix))) throw new NotFoundError(`no route ${request.method} ${path}`);
    const file = await assetFile(dir, (request.params as { '*': string })['*'], cache);
    if (file) {
      // Vite puts a content hash in every asset's name, so an asset never changes.
      const immutable = path.startsWith('/assets/');
      return reply
        .headers({ ...SECURITY_HEADERS, 'content-type': file.type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' })
        .send(file.body);
    }
    // A missing file of a type we serve is a 404; other paths (a version like 1.2.3 included) are pages.
    if (path.startsWith('/assets/') || CONTENT_TYPES[extname(path)] !== undefined) throw new NotFoundError(`no file ${path}`);
    // Any other path is one of the app's own pages: the app routes it in the browser.
    return sendIndex(reply);
  });
}

async function assetFile(dir: string, wanted: string, cache: Map<string, Buffer>): Promise<{ body: Buffer; type: string } | undefined> {
  const type = CONTENT_TYPES[extname(wanted)];
  if (!type || wanted.includes('\0')) return undefined;
  const full = normalize(join(dir, wanted));
  if (!full.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return undefined;
  let body = cache.get(full);
  if (!body) {
    try {
      body = await readFile(full);
    } catch {
      return undefined;
    }
    cache.set(full, body);
  }
  return { body, type };
}
