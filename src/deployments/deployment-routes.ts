import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { DeploymentBody, DeploymentPageBody, DeploymentParams, DeploymentQuery, LogPageBody, LogQuery } from './deployment-schemas.ts';
import type { DeploymentService } from './deployment-service.ts';

export function registerDeploymentRoutes(app: HttpServer, deployments: DeploymentService): void {
  app.get('/api/products/:product/releases/:version/deployments', {
    config: { access: 'products:read' },
    schema: { tags: ['deployments'], summary: 'Deployments of a release to targets, by ring and state', params: ReleaseParams, querystring: DeploymentQuery, response: { 200: DeploymentPageBody, ...ERROR_RESPONSES } },
  }, async (request) => {
    const { ring, state, limit, offset } = request.query;
    return deployments.listForRelease(principalOf(request), request.params.product, request.params.version, { ring, state, limit: limit ?? 100, offset: offset ?? 0 });
  });

  app.get('/api/deployments/:id', {
    config: { access: 'products:read' },
    schema: { tags: ['deployments'], summary: 'One deployment with its steps', params: DeploymentParams, response: { 200: DeploymentBody, ...ERROR_RESPONSES } },
  }, async (request) => deployments.get(principalOf(request), request.params.id));

  app.get('/api/deployments/:id/log', {
    config: { access: 'products:read' },
    schema: { tags: ['deployments'], summary: "A deployment's log, in chunks; poll with after= while it runs", params: DeploymentParams, querystring: LogQuery, response: { 200: LogPageBody, ...ERROR_RESPONSES } },
  }, async (request) => deployments.log(principalOf(request), request.params.id, request.query.after ?? 0, request.query.limit ?? 200));
}
