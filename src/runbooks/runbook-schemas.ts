/** The runbook API's shapes; the query and the edit body are those of the release notes. */
import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';

export const RunbookBody = Type.Object({
  markdown: Type.String({ description: 'the whole runbook, release-specific steps at the end' }),
  html: Type.String({ description: 'the Markdown rendered; raw HTML in it is escaped' }),
  additions: Nullable(Type.String({ description: 'the release-specific steps as written' })),
  editedBy: Nullable(Type.String()),
  editedAt: Nullable(Type.String()),
  ring: Nullable(Type.String({ description: 'the ring whose release before it environment changes are told against' })),
  against: Nullable(Type.String()),
});
