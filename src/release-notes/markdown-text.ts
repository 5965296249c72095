/**
 * Text put into generated Markdown: commit messages and names are escaped so
 * they read as written (a `*` or `<b>` in a subject stays a `*` or `<b>`), on
 * one line where a line is expected. Pure.
 */

/** Inline text: Markdown's punctuation escaped, line breaks folded into spaces. */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*[\]<>|~&]/g, (c) => `\\${c}`)
    // Underscores only emphasise at word edges; inside words (snake_case, URLs) they stay as they are.
    .replace(/(?<!\w)_|_(?!\w)/g, '\\_');
}

/** A table cell: inline text, or a dash for nothing. */
export function cell(text: string | null | undefined): string {
  return text === null || text === undefined || text.trim() === '' ? '—' : inline(text);
}

/** A code span holding any text, backticks included. */
export function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

