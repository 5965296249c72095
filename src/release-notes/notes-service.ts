/**
 * Release notes: generated from the commits of the builds between the
 * release before it in a ring and this one, or the whole text as someone
 * edited it before blessing. Reading needs products:read; editing and going
 * back to the generated notes need releases:create.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { buildVersions, commitsOfBuilds } from '../builds/build-store.ts';
import { appendEvent } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import { visibleProduct } from '../products/product-access.ts';
import type { ProductShape } from '../products/product-store.ts';
import { existingRelease } from '../releases/release-access.ts';
import { releaseBuilds } from '../releases/release-store.ts';
import { releaseSubject, type ReleasesTable, type ReleaseState } from '../releases/release-types.ts';
import { buildNotes } from './build-notes.ts';
import { buildsInRange, collectChanges } from './collect-changes.ts';
import { checkMarkdown, notesEditRefusal } from './document-rules.ts';
import { markdownToHtml } from './markdown-html.ts';
import { chooseRing, previousReleaseInRing } from './previous-release.ts';
import { type DocumentEdit, editUnderReleaseLock } from './release-document-edit.ts';
import { deleteDocument, findDocument, saveDocument } from './release-document-store.ts';
import { renderNotes } from './render-notes.ts';

export interface NotesView {
  markdown: string;
  html: string;
  /** False when someone's edited text replaces the generated notes. */
  generated: boolean;
  editedBy: string | null;
  editedAt: string | null;
  ring: string | null;
  /** The release compared with: the one before it in `ring`. */
  against: string | null;
}

export interface NotesService {
  get(by: Principal, product: string, version: string, ring?: string): Promise<NotesView>;
  /** Replaces the notes with `markdown`, before blessing. */
  edit(by: Principal, product: string, version: string, markdown: string): Promise<NotesView>;
  /** Back to the generated notes. */
  reset(by: Principal, product: string, version: string): Promise<NotesView>;
}

export function createNotesService(db: Kysely<Database>, clock: Clock): NotesService {
  async function generate(product: ProductShape, row: ReleasesTable, ring: string | null, previous: ReleasesTable | undefined): Promise<string> {
    const order = new Map(product.components.map((c, i) => [c.name, i]));
    const builds = (await releaseBuilds(db, row.id)).sort((a, b) => (order.get(a.component) ?? Infinity) - (order.get(b.component) ?? Infinity) || a.component.localeCompare(b.component));
    const before = previous ? await releaseBuilds(db, previous.id) : null;
    // Versions first (small rows), then the commits of only the builds in each component's range.
    const versions = await buildVersions(db, product.id, builds.map((b) => b.component));
    const from = new Map((before ?? []).map((b) => [b.component, b.version]));
    const wanted = builds.flatMap((b) => (from.get(b.component) === b.version ? [] : buildsInRange(versions, b, from.get(b.component) ?? null)));
    const commits = await commitsOfBuilds(db, wanted.map((b) => b.id));
    const changes = collectChanges({ release: builds, previous: before, history: wanted.map((b) => ({ ...b, commits: commits.get(b.id) ?? [] })) });
    const description = await db.selectFrom('products').select('description').where('id', '=', product.id).executeTakeFirst();
    return renderNotes(
      buildNotes({
        product: { name: product.name, description: description?.description ?? '' },
        release: { version: row.version, state: row.state },
        ring,
        against: previous?.version ?? null,
        changes,
      }),
    );
  }

  async function view(product: ProductShape, row: ReleasesTable, askedRing: string | undefined): Promise<NotesView> {
    const ring = chooseRing(product, askedRing);
    const previous = await previousReleaseInRing(db, product.id, row, ring);
    const edited = await findDocument(db, row.id, 'notes');
    const markdown = edited ? edited.markdown : await generate(product, row, ring, previous);
    return {
      markdown,
      html: markdownToHtml(markdown),
      generated: !edited,
      editedBy: edited?.edited_by ?? null,
      editedAt: edited?.edited_at ?? null,
      ring,
      against: previous?.version ?? null,
    };
  }

  /** Runs `write` under the release's lock once the release may still have its notes edited. */
  async function change(product: ProductShape, version: string, write: DocumentEdit['write']): Promise<ReleasesTable> {
    return editUnderReleaseLock(db, clock, product, version, {
      refusal: (row) => notesEditRefusal({ product: product.name, version, state: row.state as ReleaseState, blessedAt: row.blessed_at }),
      write,
    });
  }

  return {
    async get(by, productName, version, ring) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      return view(product, await existingRelease(db, product, version), ring);
    },

    async edit(by, productName, version, markdown) {
      requirePermission(by, 'releases:create');
      const text = checkMarkdown(markdown, 'release notes', { allowEmpty: false });
      const product = await visibleProduct(db, by, productName);
      const row = await change(product, version, async (trx, row, at) => {
        const current = await findDocument(trx, row.id, 'notes');
        if (current?.markdown === text) return;
        await saveDocument(trx, { release_id: row.id, kind: 'notes', markdown: text, edited_by: by.actor, edited_at: at });
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'release.notes-edited',
          subject: releaseSubject(product.name, version),
          summary: `${by.actor} edited the release notes of ${product.name} ${version}`,
          data: { product: product.name, version, bytes: Buffer.byteLength(text, 'utf8'), reset: false },
        });
      });
      return view(product, row, undefined);
    },

    async reset(by, productName, version) {
      requirePermission(by, 'releases:create');
      const product = await visibleProduct(db, by, productName);
      const row = await change(product, version, async (trx, row, at) => {
        if (!(await deleteDocument(trx, row.id, 'notes'))) return;
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'release.notes-edited',
          subject: releaseSubject(product.name, version),
          summary: `${by.actor} put the generated release notes of ${product.name} ${version} back`,
          data: { product: product.name, version, bytes: 0, reset: true },
        });
      });
      return view(product, row, undefined);
    },
  };
}
