import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ProductParams } from '../products/product-schemas.ts';
import {
  ApprovalBody,
  ApproveBody,
  CreateReleaseBody,
  CreateReleaseOutcomeBody,
  OptionalReasonBody,
  ReasonBody,
  ReleaseBody,
  ReleaseDetailBody,
  ReleaseParams,
  ReleaseQuery,
  GatesQuery,
  RingCheckBody,
} from './release-schemas.ts';
import type { ReleaseService } from './release-service.ts';

export function registerReleaseRoutes(app: HttpServer, releases: ReleaseService): void {
  app.post('/api/products/:product/releases', {
    config: { access: 'releases:create' },
    schema: {
      tags: ['releases'],
      summary: 'Create a release: named builds, the latest green build of each component, or a hotfix of another release',
      params: ProductParams,
      body: CreateReleaseBody,
      response: { 200: CreateReleaseOutcomeBody, 201: CreateReleaseOutcomeBody, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const outcome = await releases.create(principalOf(request), request.params.product, request.body);
    return reply.status(outcome.outcome === 'created' ? 201 : 200).send(outcome);
  });

  app.get('/api/products/:product/releases', {
    config: { access: 'products:read' },
    schema: { tags: ['releases'], summary: "A product's releases, newest first", params: ProductParams, querystring: ReleaseQuery, response: { 200: Type.Object({ releases: Type.Array(ReleaseBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({
    releases: await releases.list(principalOf(request), request.params.product, { state: request.query.state, limit: request.query.limit ?? 50, before: request.query.before }),
  }));

  app.get('/api/products/:product/releases/:version', {
    config: { access: 'products:read' },
    schema: {
      tags: ['releases'],
      summary: 'A release: bill of materials, state, channel, progress per ring, approvals and the gates of the next ring',
      params: ReleaseParams,
      response: { 200: ReleaseDetailBody, ...ERROR_RESPONSES },
    },
  }, async (request) => releases.get(principalOf(request), request.params.product, request.params.version));

  app.get('/api/products/:product/releases/:version/gates', {
    config: { access: 'products:read' },
    schema: {
      tags: ['releases'],
      summary: 'Whether the release may enter a ring now: ring order and every gate with its reason',
      params: ReleaseParams,
      querystring: GatesQuery,
      response: { 200: RingCheckBody, ...ERROR_RESPONSES },
    },
  }, async (request) => releases.check(principalOf(request), request.params.product, request.params.version, request.query.ring));

  app.post('/api/products/:product/releases/:version/candidate', {
    config: { access: 'releases:create' },
    schema: { tags: ['releases'], summary: 'Mark a draft release a candidate, ready to promote', params: ReleaseParams, response: { 200: ReleaseBody, ...ERROR_RESPONSES } },
  }, async (request) => releases.markCandidate(principalOf(request), request.params.product, request.params.version));

  app.post('/api/products/:product/releases/:version/withdraw', {
    config: { access: 'releases:create' },
    schema: { tags: ['releases'], summary: 'Withdraw a draft or candidate that never went anywhere', params: ReleaseParams, body: Type.Optional(OptionalReasonBody), response: { 200: ReleaseBody, ...ERROR_RESPONSES } },
  }, async (request) => releases.withdraw(principalOf(request), request.params.product, request.params.version, request.body?.reason));

  app.post('/api/products/:product/releases/:version/reject', {
    config: { access: 'releases:reject' },
    schema: {
      tags: ['releases'],
      summary: 'Reject a release wherever it is: its rollouts stop and it never moves again',
      params: ReleaseParams,
      body: ReasonBody,
      response: { 200: ReleaseBody, ...ERROR_RESPONSES },
    },
  }, async (request) => releases.reject(principalOf(request), request.params.product, request.params.version, request.body.reason));

  app.post('/api/products/:product/releases/:version/approvals', {
    config: { access: 'releases:approve' },
    schema: {
      tags: ['releases'],
      summary: "Approve a release for a ring whose approval gates name a role you hold",
      params: ReleaseParams,
      body: ApproveBody,
      response: { 201: ApprovalBody, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => reply.status(201).send(await releases.approve(principalOf(request), request.params.product, request.params.version, request.body.ring, request.body.comment)));
}
