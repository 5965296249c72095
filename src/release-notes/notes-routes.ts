import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { DocumentBody, NotesBody, NotesQuery } from './notes-schemas.ts';
import type { NotesService } from './notes-service.ts';

export function registerNotesRoutes(app: HttpServer, notes: NotesService): void {
  app.get('/api/products/:product/releases/:version/notes', {
    config: { access: 'products:read' },
    schema: {
      tags: ['releases'],
      summary: 'Release notes: breaking changes, components old → new, features, fixes, other changes and contributors (Markdown and HTML)',
      params: ReleaseParams,
      querystring: NotesQuery,
      response: { 200: NotesBody, ...ERROR_RESPONSES },
    },
  }, async (request) => notes.get(principalOf(request), request.params.product, request.params.version, request.query.ring));

  app.put('/api/products/:product/releases/:version/notes', {
    config: { access: 'releases:create' },
    schema: {
      tags: ['releases'],
      summary: 'Replace the release notes with edited Markdown (before blessing)',
      params: ReleaseParams,
      body: DocumentBody,
      response: { 200: NotesBody, ...ERROR_RESPONSES },
    },
  }, async (request) => notes.edit(principalOf(request), request.params.product, request.params.version, request.body.markdown));

  app.delete('/api/products/:product/releases/:version/notes', {
    config: { access: 'releases:create' },
    schema: {
      tags: ['releases'],
      summary: 'Go back to the generated release notes (before blessing)',
      params: ReleaseParams,
      response: { 200: NotesBody, ...ERROR_RESPONSES },
    },
  }, async (request) => notes.reset(principalOf(request), request.params.product, request.params.version));
}
