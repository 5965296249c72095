import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { ChecklistItemAnswerBody, ChecklistItemParams, ChecklistQuery, ChecklistsBody, EvidenceParams, MAX_BASE64_CHARS, TickBody } from './checklist-schemas.ts';
import type { ChecklistService } from './checklist-service.ts';
import { contentDisposition } from './evidence-file.ts';

const TAGS = ['checklists'];
const ITEM = '/api/products/:product/releases/:version/checklists/:ring/:role/:item';

export function registerChecklistRoutes(app: HttpServer, checklists: ChecklistService): void {
  app.get('/api/products/:product/releases/:version/checklists', {
    config: { access: 'products:read' },
    schema: {
      tags: TAGS,
      summary: "The release's checklists: per ring with a checklist gate, each role's items, their ticks and the gate's verdict",
      params: ReleaseParams,
      querystring: ChecklistQuery,
      response: { 200: ChecklistsBody, ...ERROR_RESPONSES },
    },
  }, async (request) => checklists.list(principalOf(request), request.params.product, request.params.version, request.query.ring));

  app.put(ITEM, {
    config: { access: 'releases:vote' },
    // A 2 MiB file is about 2.7 MiB of base64: more than the server's usual body limit.
    bodyLimit: MAX_BASE64_CHARS + 64 * 1024,
    schema: {
      tags: TAGS,
      summary: 'Tick a checklist item of a role you hold, with a note and evidence (a link or a file); ticking again replaces the tick',
      params: ChecklistItemParams,
      body: Type.Optional(TickBody),
      response: { 200: ChecklistItemAnswerBody, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const p = request.params;
    return checklists.tick(principalOf(request), p.product, p.version, p.ring, p.role, p.item, request.body ?? {});
  });

  app.delete(ITEM, {
    config: { access: 'releases:vote' },
    schema: { tags: TAGS, summary: 'Remove the tick of a checklist item of a role you hold', params: ChecklistItemParams, response: { 200: ChecklistItemAnswerBody, ...ERROR_RESPONSES } },
  }, async (request) => {
    const p = request.params;
    return checklists.untick(principalOf(request), p.product, p.version, p.ring, p.role, p.item);
  });

  app.get('/api/products/:product/releases/:version/evidence/:file', {
    config: { access: 'products:read' },
    schema: {
      tags: TAGS,
      summary: 'An evidence file attached to a tick: its bytes, as an attachment',
      params: EvidenceParams,
      response: { 200: { description: "the file's bytes, with its media type", type: 'string', format: 'binary' }, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const file = await checklists.evidence(principalOf(request), request.params.product, request.params.version, request.params.file);
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', contentDisposition(file.name))
      // Uploaded content is never run by the browser as a page of this origin.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });
}
