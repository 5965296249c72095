import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ApplyBody, MAX_PRODUCT_FILE_BYTES, ApplyOutcomeBody, ProductBody, ProductParams, ProductSummaryBody, publicProduct, publicTarget, RingBody, TargetBody, TargetQuery } from './product-schemas.ts';
import type { ProductService } from './product-service.ts';


export function registerProductRoutes(app: HttpServer, products: ProductService): void {
  app.post('/api/products/apply', {
    config: { access: 'products:apply' },
    // A fleet of thousands of targets makes a file of megabytes.
    bodyLimit: MAX_PRODUCT_FILE_BYTES + 64 * 1024,
    schema: { tags: ['products'], summary: 'Create or update a product from its file, idempotently', body: ApplyBody, response: { 200: ApplyOutcomeBody, ...ERROR_RESPONSES } },
  }, async (request) =>
    products.apply(principalOf(request), { source: request.body.source, fileName: request.body.fileName ?? 'ringmaster.yaml', dryRun: request.body.dryRun ?? false }));

  app.get('/api/products', {
    config: { access: 'products:read' },
    schema: { tags: ['products'], summary: 'List products', response: { 200: Type.Object({ products: Type.Array(ProductSummaryBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({ products: await products.list(principalOf(request)) }));

  app.get('/api/products/:product', {
    config: { access: 'products:read' },
    schema: { tags: ['products'], summary: 'A product: components, rings, targets, roles', params: ProductParams, response: { 200: ProductBody, ...ERROR_RESPONSES } },
  }, async (request) => publicProduct(await products.get(principalOf(request), request.params.product)));

  app.get('/api/products/:product/rings', {
    config: { access: 'products:read' },
    schema: { tags: ['products'], summary: "A product's rings in order, with their gates and rollout policy", params: ProductParams, response: { 200: Type.Object({ rings: Type.Array(RingBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({ rings: (await products.get(principalOf(request), request.params.product)).rings }));

  app.get('/api/products/:product/targets', {
    config: { access: 'products:read' },
    schema: {
      tags: ['products'],
      summary: "A page of a product's targets, filtered by ring, hosting, delivery or name",
      params: ProductParams,
      querystring: TargetQuery,
      response: { 200: Type.Object({ targets: Type.Array(TargetBody), total: Type.Integer() }), ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { ring, hosting, delivery, q, limit, offset } = request.query;
    const page = await products.listTargets(principalOf(request), request.params.product, { ring, hosting, delivery, text: q, limit: limit ?? 100, offset: offset ?? 0 });
    return { targets: page.targets.map(publicTarget), total: page.total };
  });
}
