/** The release notes API's shapes. */
import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { MAX_DOCUMENT_BYTES } from './document-rules.ts';

export const RING_QUERY = Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', description: 'compare with the release before it in this ring (default: the train ring, else the last ring)' });

export const NotesQuery = Type.Object({ ring: Type.Optional(RING_QUERY) }, { additionalProperties: false });

export const DocumentBody = Type.Object(
  { markdown: Type.String({ maxLength: MAX_DOCUMENT_BYTES, description: 'Markdown, at most 256 KiB' }) },
  { additionalProperties: false },
);

export const NotesBody = Type.Object({
  markdown: Type.String(),
  html: Type.String({ description: 'the Markdown rendered; raw HTML in it is escaped' }),
  generated: Type.Boolean({ description: "false when someone's edited text replaces the generated notes" }),
  editedBy: Nullable(Type.String()),
  editedAt: Nullable(Type.String()),
  ring: Nullable(Type.String({ description: 'the ring compared in' })),
  against: Nullable(Type.String({ description: 'the release before it in the ring' })),
});
