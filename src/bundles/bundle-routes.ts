import Type from 'typebox';
import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { ReleaseParams } from '../releases/release-schemas.ts';
import { ExportBundleBody, ImportAnswerBody, OFFLINE_RESULT_FORMAT } from './bundle-schemas.ts';
import type { BundleService } from './bundle-service.ts';

const TAGS = ['bundles'];

/** Offline bundles for air-gapped pull targets, and the results their sites bring back. */
export function registerBundleRoutes(app: HttpServer, bundles: BundleService): void {
  app.post('/api/products/:product/releases/:version/bundle', {
    config: { access: 'bundles:manage' },
    schema: {
      tags: TAGS,
      summary: "A signed offline bundle (gzip'd tar) of the release for a pull target whose deployment of it is due. It holds the target's secret configuration in plain text.",
      params: ReleaseParams,
      body: ExportBundleBody,
      response: { 200: { description: 'the bundle: application/gzip', type: 'string', format: 'binary' }, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const bundle = await bundles.exportBundle(principalOf(request), request.params.product, request.params.version, request.body.target);
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${bundle.fileName}"`)
      .header('cache-control', 'no-store')
      .send(bundle.bytes);
  });

  app.post('/api/offline-reports', {
    config: { access: 'bundles:manage' },
    schema: {
      tags: TAGS,
      summary: "Records the result file an offline bundle's install wrote (once; a changed file is refused)",
      // Checked by the service, not here: the schema validator would coerce values (null to ""), and the
      // signature covers the result exactly as the site's agent wrote it.
      body: Type.Unknown({ description: `the result file (${OFFLINE_RESULT_FORMAT}) as \`ringmaster agent --offline-bundle\` wrote it: { format, result, signature }` }),
      response: { 200: ImportAnswerBody, ...ERROR_RESPONSES },
    },
  }, async (request) => bundles.importReport(principalOf(request), request.body));
}
