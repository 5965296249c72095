import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { PromoteBody, PromotionBody, RollbackBody, RollbackOutcomeBody, RolloutBody, RolloutParams } from './rollout-schemas.ts';
import type { RolloutService } from './rollout-service.ts';

export function registerRolloutRoutes(app: HttpServer, rollouts: RolloutService): void {
  app.post('/api/products/:product/releases/:version/promote', {
    config: { access: 'releases:promote' },
    schema: {
      tags: ['rollouts'],
      summary: 'Promote a release into a ring: checks ring order and gates, then starts the rollout (409 gates_blocked names every blocking gate)',
      params: ReleaseParams,
      body: PromoteBody,
      response: { 200: PromotionBody, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { product, version } = request.params;
    const by = principalOf(request);
    const outcome = await rollouts.promote(by, product, version, request.body.ring);
    return { retried: outcome.retried, rollout: await rollouts.get(by, outcome.rollout.id) };
  });

  app.get('/api/products/:product/releases/:version/rollouts', {
    config: { access: 'products:read' },
    schema: { tags: ['rollouts'], summary: "A release's promotions and rollbacks, oldest first", params: ReleaseParams, response: { 200: Type.Object({ rollouts: Type.Array(RolloutBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({ rollouts: await rollouts.list(principalOf(request), request.params.product, request.params.version) }));

  app.get('/api/rollouts/:id', {
    config: { access: 'products:read' },
    schema: { tags: ['rollouts'], summary: 'One rollout with its target counts', params: RolloutParams, response: { 200: RolloutBody, ...ERROR_RESPONSES } },
  }, async (request) => rollouts.get(principalOf(request), request.params.id));

  app.post('/api/products/:product/rollback', {
    config: { access: 'releases:rollback' },
    schema: {
      tags: ['rollouts'],
      summary: "Put a target, or every target of a ring, back on its last known-good release",
      params: ProductParams,
      body: RollbackBody,
      response: { 200: RollbackOutcomeBody, ...ERROR_RESPONSES },
    },
  }, async (request) => rollouts.rollback(principalOf(request), request.params.product, request.body));
}
