import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import { TrainBody } from './train-schemas.ts';
import type { TrainService } from './train-service.ts';

export function registerTrainRoutes(app: HttpServer, train: TrainService): void {
  app.get('/api/products/:product/train', {
    config: { access: 'products:read' },
    schema: {
      tags: ['train'],
      summary: "Where the product's release train stands: today's steps, the next day, an active freeze and the recent days",
      params: ProductParams,
      response: { 200: TrainBody, ...ERROR_RESPONSES },
    },
  }, async (request) => train.get(principalOf(request), request.params.product));
}
