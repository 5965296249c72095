import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import { OverviewBody, OverviewQuery } from './overview-schemas.ts';
import type { OverviewService } from './overview-service.ts';

export function registerOverviewRoutes(app: HttpServer, overview: OverviewService): void {
  app.get('/api/products/:product/overview', {
    config: { access: 'products:read' },
    schema: {
      tags: ['overview'],
      summary: 'Where every release stands in every ring: state, targets done of total, users on it',
      params: ProductParams,
      querystring: OverviewQuery,
      response: { 200: OverviewBody, ...ERROR_RESPONSES },
    },
  }, async (request) => overview.get(principalOf(request), request.params.product, { limit: request.query.limit ?? 20, before: request.query.before }));
}
