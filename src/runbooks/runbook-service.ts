/**
 * Runbooks: assembled from the component metadata the release was cut with,
 * plus release-specific additions people write (releases:create) until the
 * release is over.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import { visibleProduct } from '../products/product-access.ts';
import type { ProductShape } from '../products/product-store.ts';
import { checkMarkdown, runbookEditRefusal } from '../release-notes/document-rules.ts';
import { markdownToHtml } from '../release-notes/markdown-html.ts';
import { chooseRing } from '../release-notes/previous-release.ts';
import { editUnderReleaseLock } from '../release-notes/release-document-edit.ts';
import { deleteDocument, findDocument, saveDocument } from '../release-notes/release-document-store.ts';
import { existingRelease } from '../releases/release-access.ts';
import { releaseSubject, type ReleasesTable, type ReleaseState } from '../releases/release-types.ts';
import { buildRunbook } from './build-runbook.ts';
import { renderRunbook } from './render-runbook.ts';
import { loadRunbookSource } from './runbook-source.ts';

export interface RunbookView {
  markdown: string;
  html: string;
  /** The release-specific additions as written, or null. */
  additions: string | null;
  editedBy: string | null;
  editedAt: string | null;
  ring: string | null;
  against: string | null;
}

export interface RunbookService {
  get(by: Principal, product: string, version: string, ring?: string): Promise<RunbookView>;
  /** Replaces the release-specific additions; empty Markdown removes them. */
  edit(by: Principal, product: string, version: string, markdown: string): Promise<RunbookView>;
}

export function createRunbookService(db: Kysely<Database>, clock: Clock): RunbookService {
  async function view(product: ProductShape, row: ReleasesTable, askedRing: string | undefined): Promise<RunbookView> {
    const ring = chooseRing(product, askedRing);
    const source = await loadRunbookSource(db, product, row, ring);
    const model = buildRunbook(source.input);
    const markdown = renderRunbook(model);
    return { markdown, html: markdownToHtml(markdown), additions: model.additions, editedBy: source.editedBy, editedAt: source.editedAt, ring, against: model.against };
  }

  return {
    async get(by, productName, version, ring) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      return view(product, await existingRelease(db, product, version), ring);
    },

    async edit(by, productName, version, markdown) {
      requirePermission(by, 'releases:create');
      const text = checkMarkdown(markdown, 'runbook additions', { allowEmpty: true });
      const product = await visibleProduct(db, by, productName);
      const row = await editUnderReleaseLock(db, clock, product, version, {
        refusal: (row) => runbookEditRefusal({ product: product.name, version, state: row.state as ReleaseState }),
        write: async (trx, row, at) => {
          const cleared = text.trim() === '';
          const current = await findDocument(trx, row.id, 'runbook');
          if (cleared ? current === undefined : current?.markdown === text) return;
          if (cleared) await deleteDocument(trx, row.id, 'runbook');
          else await saveDocument(trx, { release_id: row.id, kind: 'runbook', markdown: text, edited_by: by.actor, edited_at: at });
          await appendEvent(trx, at, {
            actor: by.actor,
            type: 'release.runbook-edited',
            subject: releaseSubject(product.name, version),
            summary: `${by.actor} ${cleared ? 'removed the release-specific steps from' : 'edited the release-specific steps of'} the runbook of ${product.name} ${version}`,
            data: { product: product.name, version, bytes: Buffer.byteLength(text, 'utf8'), cleared },
          });
        },
      });
      return view(product, row, undefined);
    },
  };
}
