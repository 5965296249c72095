import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams, publicTarget } from '../products/product-schemas.ts';
import { FleetPageBody, FleetQuery } from './fleet-schemas.ts';
import type { FleetService } from './fleet-service.ts';

export function registerFleetRoutes(app: HttpServer, fleet: FleetService): void {
  app.get('/api/products/:product/fleet', {
    config: { access: 'products:read' },
    schema: {
      tags: ['fleet'],
      summary: "A page of a product's targets with what each runs: status, release, last known-good release, last deployment, its agent (pull targets), its maintenance window's next opening; filtered by ring, hosting, delivery, status or name",
      params: ProductParams,
      querystring: FleetQuery,
      response: { 200: FleetPageBody, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { ring, hosting, delivery, status, q, limit, offset } = request.query;
    const page = await fleet.list(principalOf(request), request.params.product, { ring, hosting, delivery, status, text: q, limit: limit ?? 100, offset: offset ?? 0 });
    return {
      total: page.total,
      targets: page.rows.map((row) => ({
        ...publicTarget(row.spec),
        status: row.status,
        release: row.release,
        previousGood: row.previousGood,
        lastDeployment: row.lastDeployment,
        agent: row.agent,
        nextWindowAt: row.nextWindowAt,
      })),
    };
  });
}
