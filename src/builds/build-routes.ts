import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import { BuildBody, BuildParams, BuildQuery, RegisterBuildBody, RegisterBuildOutcomeBody } from './build-schemas.ts';
import type { BuildService } from './build-service.ts';

export function registerBuildRoutes(app: HttpServer, builds: BuildService): void {
  app.post('/api/products/:product/builds', {
    config: { access: 'builds:register' },
    schema: {
      tags: ['builds'],
      summary: 'Register a build, or report more of its stages; the same build again changes nothing',
      params: ProductParams,
      body: RegisterBuildBody,
      response: { 200: RegisterBuildOutcomeBody, 201: RegisterBuildOutcomeBody, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const result = await builds.register(principalOf(request), request.params.product, request.body);
    void reply.status(result.outcome === 'created' ? 201 : 200);
    return result;
  });

  app.get('/api/products/:product/builds', {
    config: { access: 'products:read' },
    schema: {
      tags: ['builds'],
      summary: "A product's builds, newest first, filtered by component or branch",
      params: ProductParams,
      querystring: BuildQuery,
      response: { 200: Type.Object({ builds: Type.Array(BuildBody) }), ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { component, branch, limit } = request.query;
    return { builds: await builds.list(principalOf(request), request.params.product, { component, branch, limit: limit ?? 100 }) };
  });

  app.get('/api/products/:product/builds/:component/:version', {
    config: { access: 'products:read' },
    schema: { tags: ['builds'], summary: 'One build of a component', params: BuildParams, response: { 200: BuildBody, ...ERROR_RESPONSES } },
  }, async (request) => builds.get(principalOf(request), request.params.product, request.params.component, request.params.version));
}
