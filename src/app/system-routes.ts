import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import Type from 'typebox';
import type { HttpServer } from '../platform/http/http-server.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import type { Database } from './database-schema.ts';
import { errorBody } from '../platform/http/error-body.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';

const Status = Type.Object({ status: Type.String(), version: Type.String() });

/** Health, readiness, metrics and the OpenAPI document. */
export function registerSystemRoutes(app: HttpServer, handle: DatabaseHandle<Database>, metrics: Registry, version: string): void {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: { tags: ['system'], summary: 'Liveness: the process answers', security: [], response: { 200: Status } },
  }, async () => ({ status: 'ok', version }));

  app.get('/readyz', {
    config: { access: 'public' },
    schema: { tags: ['system'], summary: 'Readiness: the database answers', security: [], response: { 200: Status, 503: { $ref: 'ErrorBody#' } } },
  }, async (request, reply) => {
    try {
      await sql`select 1`.execute(handle.db);
      return { status: 'ready', version };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send(errorBody('not_ready', 'the database does not answer'));
    }
  });

  app.get('/metrics', {
    config: { access: 'metrics:read' },
    schema: { tags: ['system'], summary: 'Prometheus metrics', response: { 200: Type.String(), ...ERROR_RESPONSES } },
  }, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));

  app.get('/openapi.json', {
    config: { access: 'docs:read' },
    schema: { tags: ['system'], summary: 'This API, as an OpenAPI 3.1 document', hide: true },
  }, async () => app.swagger());
}
