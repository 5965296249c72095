import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { CastVoteBody, OpenVoteBody, VoteRingBody, VoteRingParams, VotesBody } from './vote-schemas.ts';
import type { VoteService } from './vote-service.ts';

const TAGS = ['votes'];

export function registerVoteRoutes(app: HttpServer, votes: VoteService): void {
  app.get('/api/products/:product/releases/:version/votes', {
    config: { access: 'products:read' },
    schema: {
      tags: TAGS,
      summary: "The release's Go/No-Go per ring with a vote gate: the round, every ballot, the one that counts per role, and the verdict",
      params: ReleaseParams,
      response: { 200: VotesBody, ...ERROR_RESPONSES },
    },
  }, async (request) => votes.list(principalOf(request), request.params.product, request.params.version));

  app.post('/api/products/:product/releases/:version/votes/:ring/open', {
    config: { access: 'releases:promote' },
    schema: {
      tags: TAGS,
      summary: 'Open the Go/No-Go of a ring, optionally closing at a given time',
      params: VoteRingParams,
      body: Type.Optional(OpenVoteBody),
      response: { 200: VoteRingBody, ...ERROR_RESPONSES },
    },
  }, async (request) => votes.open(principalOf(request), request.params.product, request.params.version, request.params.ring, request.body?.closesAt));

  app.post('/api/products/:product/releases/:version/votes/:ring', {
    config: { access: 'releases:vote' },
    schema: {
      tags: TAGS,
      summary: 'Vote go or no-go (with a reason) for a voting role you hold; your latest vote counts until the round closes',
      params: VoteRingParams,
      body: CastVoteBody,
      response: { 200: VoteRingBody, ...ERROR_RESPONSES },
    },
  }, async (request) => votes.cast(principalOf(request), request.params.product, request.params.version, request.params.ring, request.body));
}
