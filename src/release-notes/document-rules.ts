/**
 * What an edit of a release's notes or runbook additions may be, without I/O:
 * Markdown text within a size, and a release that is still open to it.
 */
import { ConflictError, InputError } from '../platform/errors/errors.ts';
import { isTerminal } from '../releases/release-lifecycle.ts';
import type { ReleaseState } from '../releases/release-types.ts';

export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** The Markdown as it is stored (line ends as \n), or an InputError; `empty` says whether nothing is allowed. */
export function checkMarkdown(markdown: unknown, what: string, options: { allowEmpty: boolean }): string {
  if (typeof markdown !== 'string') throw new InputError(`markdown: expected the ${what} as Markdown text`, [{ field: 'markdown' }]);
  const text = markdown.replace(/\r\n?/g, '\n');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) throw new InputError(`markdown: the ${what} take ${bytes} bytes; at most ${MAX_DOCUMENT_BYTES} (256 KiB) are allowed`, [{ field: 'markdown' }]);
  if (text.includes('\u0000')) throw new InputError(`markdown: the ${what} hold a NUL character`, [{ field: 'markdown' }]);
  if (!options.allowEmpty && text.trim() === '') throw new InputError(`markdown: the ${what} are empty; send the Markdown, or reset them to the generated ones`, [{ field: 'markdown' }]);
  return text;
}

/** Notes are edited before blessing: after it, they are what was approved. */
export function notesEditRefusal(release: { product: string; version: string; state: ReleaseState; blessedAt: string | null }): ConflictError | null {
  if (release.blessedAt === null && release.state !== 'blessed' && !isTerminal(release.state)) return null;
  const why = release.blessedAt !== null || release.state === 'blessed' || release.state === 'done' ? 'blessed' : release.state;
  return new ConflictError(`${release.product} ${release.version} is ${why}: its release notes are editable only before blessing`, [{ state: release.state }], 'notes_locked');
}

/** Runbook additions may still be added while the release is on its way; not once it is over. */
export function runbookEditRefusal(release: { product: string; version: string; state: ReleaseState }): ConflictError | null {
  if (!isTerminal(release.state)) return null;
  return new ConflictError(`${release.product} ${release.version} is ${release.state}: its runbook no longer changes`, [{ state: release.state }], 'runbook_locked');
}
