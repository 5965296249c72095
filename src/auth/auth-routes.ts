import Type from 'typebox';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { principalOf } from './auth-hook.ts';
import { IssuedTokenBody, LoginBody, MeBody, meOf, NewTokenBody, NewUserBody, TokenBody, UserBody } from './auth-schemas.ts';
import type { TokenService } from './token-service.ts';
import type { UserService } from './user-service.ts';

const DEFAULT_SESSION_SECONDS = 30 * 24 * 3600;

export function registerAuthRoutes(app: HttpServer, users: UserService, tokens: TokenService): void {
  app.post('/api/auth/login', {
    config: { access: 'credentials' },
    schema: { tags: ['auth'], summary: 'Exchange a user name and password for a personal token', security: [], body: LoginBody, response: { 201: IssuedTokenBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => {
    const user = await users.checkPassword(request.body.user, request.body.password);
    const name = request.body.tokenName ?? `login ${new Date().toISOString().slice(0, 16)}`;
    const issued = await tokens.issueSessionToken(user.name, name, request.body.expiresInSeconds ?? DEFAULT_SESSION_SECONDS);
    return reply.status(201).send(issued);
  });

  app.get('/api/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Who the token belongs to and what it may do', response: { 200: MeBody, ...ERROR_RESPONSES } },
  }, async (request) => meOf(principalOf(request)));

  app.get('/api/users', {
    config: { access: 'users:read' },
    schema: { tags: ['auth'], summary: 'List users', response: { 200: Type.Object({ users: Type.Array(UserBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({ users: await users.listUsers(principalOf(request)) }));

  app.post('/api/users', {
    config: { access: 'users:manage' },
    schema: { tags: ['auth'], summary: 'Add a user', body: NewUserBody, response: { 201: UserBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => reply.status(201).send(await users.createUser(principalOf(request), request.body)));

  app.get('/api/tokens', {
    config: { access: 'tokens:own' },
    schema: { tags: ['auth'], summary: 'List tokens (an admin sees all, others their own)', response: { 200: Type.Object({ tokens: Type.Array(TokenBody) }), ...ERROR_RESPONSES } },
  }, async (request) => ({ tokens: await tokens.listTokens(principalOf(request)) }));

  app.post('/api/tokens', {
    config: { access: 'tokens:own' },
    schema: { tags: ['auth'], summary: 'Create a token: personal, CI (one product) or agent (one target)', body: NewTokenBody, response: { 201: IssuedTokenBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => {
    const issued = await tokens.createToken(principalOf(request), { ...request.body, kind: request.body.kind ?? 'user' });
    return reply.status(201).send(issued);
  });

  app.delete('/api/tokens/:token', {
    config: { access: 'tokens:own' },
    schema: { tags: ['auth'], summary: 'Revoke a token by id or name', params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 200: TokenBody, ...ERROR_RESPONSES } },
  }, async (request) => tokens.revokeToken(principalOf(request), request.params.token));
}
