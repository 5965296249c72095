import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { DocumentBody, NotesQuery } from '../release-notes/notes-schemas.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { RunbookBody } from './runbook-schemas.ts';
import type { RunbookService } from './runbook-service.ts';

export function registerRunbookRoutes(app: HttpServer, runbooks: RunbookService): void {
  app.get('/api/products/:product/releases/:version/runbook', {
    config: { access: 'products:read' },
    schema: {
      tags: ['releases'],
      summary: 'The runbook: deploy order, per component deploy and rollback steps, changed environment variables, migrations, prerequisites, release-specific steps',
      params: ReleaseParams,
      querystring: NotesQuery,
      response: { 200: RunbookBody, ...ERROR_RESPONSES },
    },
  }, async (request) => runbooks.get(principalOf(request), request.params.product, request.params.version, request.query.ring));

  app.put('/api/products/:product/releases/:version/runbook', {
    config: { access: 'releases:create' },
    schema: {
      tags: ['releases'],
      summary: "Set the runbook's release-specific steps (Markdown; empty removes them)",
      params: ReleaseParams,
      body: DocumentBody,
      response: { 200: RunbookBody, ...ERROR_RESPONSES },
    },
  }, async (request) => runbooks.edit(principalOf(request), request.params.product, request.params.version, request.body.markdown));
}
