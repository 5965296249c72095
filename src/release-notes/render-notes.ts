/**
 * Release notes as Markdown, without I/O: breaking changes first, so no one
 * reads past them, then the components old → new, features, fixes, the other
 * changes and the contributors. Commit text is escaped (see markdown-text.ts).
 */
import type { NoteEntry, ReleaseNotesModel } from './build-notes.ts';
import { cell, code, inline } from './markdown-text.ts';

const STATE_WORDS: Record<string, string> = { draft: 'a draft', candidate: 'a candidate', 'in-progress': 'in progress' };

export function renderNotes(notes: ReleaseNotesModel): string {
  const out: string[] = [`# ${inline(notes.product)} ${inline(notes.version)}`, ''];
  if (notes.description.trim() !== '') out.push(inline(notes.description), '');
  const state = STATE_WORDS[notes.state] ?? notes.state;
  out.push(
    notes.against === null
      ? `${inline(notes.version)} is ${state}. No earlier release reached ${notes.ring === null ? 'a ring' : inline(notes.ring)}: the changes are those each component's build brought.`
      : `${inline(notes.version)} is ${state}. Changes since ${inline(notes.against)}, the release before it in ${inline(notes.ring ?? '')}.`,
    '',
  );

  if (notes.breaking.length > 0) section(out, 'Breaking changes', notes.breaking.map((e) => line(e, { breaking: true })));

  out.push('## Components', '');
  if (notes.components.length === 0) {
    out.push(notes.against === null ? 'The release has no components.' : `No component changed since ${inline(notes.against)}.`, '');
  } else {
    out.push('| Component | Version |', '|---|---|');
    for (const c of notes.components) out.push(`| ${cell(c.name)} | ${c.from === null ? `new: ${cell(c.to)}` : `${cell(c.from)} → ${cell(c.to)}`} |`);
    out.push('');
  }
  if (notes.unchanged.length > 0) out.push(`Unchanged: ${notes.unchanged.map((u) => `${inline(u.name)} ${inline(u.version)}`).join(', ')}.`, '');

  if (notes.features.length > 0) section(out, 'Features', notes.features.map((e) => line(e)));
  if (notes.fixes.length > 0) section(out, 'Fixes', notes.fixes.map((e) => line(e)));
  if (notes.other.length > 0) section(out, 'Other changes', notes.other.map((e) => line(e, { typed: true })));
  const listed = notes.breaking.length + notes.features.length + notes.fixes.length + notes.other.length;
  if (listed === 0 && notes.components.length > 0) {
    out.push('No commits are recorded for these builds: register builds with their commits (`ringmaster build register --git-range`).', '');
  }
  if (notes.omitted > 0) out.push(`And ${notes.omitted} more commit${notes.omitted === 1 ? '' : 's'}, not listed.`, '');
  if (notes.contributors.length > 0) section(out, 'Contributors', notes.contributors.map((name) => `- ${inline(name)}`));
  return `${out.join('\n').trimEnd()}\n`;
}

function section(out: string[], title: string, lines: string[]): void {
  out.push(`## ${title}`, '', ...lines, '');
}

/** `- **api:** add search — ABC-123, #42 (`abc1234` in api, web)` */
function line(entry: NoteEntry, options: { breaking?: boolean; typed?: boolean } = {}): string {
  const label = options.typed && entry.type !== null ? `${entry.type}${entry.scope ? `(${entry.scope})` : ''}` : entry.scope;
  const head = label ? `**${inline(label)}:** ` : '';
  const what = options.breaking && entry.breaking !== null && entry.breaking !== entry.subject ? `${inline(entry.subject)}: ${inline(entry.breaking)}` : inline(entry.subject);
  // Items the subject already names (`fix: … (#42)`) are not said twice.
  const more = entry.workItems.filter((key) => !names(entry.subject, key));
  const items = more.length > 0 ? ` — ${more.map(inline).join(', ')}` : '';
  return `- ${head}${what}${items} (${code(entry.sha.slice(0, 7))} in ${entry.components.map(inline).join(', ')})`;
}

/** Whether `text` names `key` as a whole (`#4` is not in `#42`, `ABC-1` not in `XABC-12`). */
function names(text: string, key: string): boolean {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + key.length] ?? ' ';
    if (!/[\w/#-]/.test(before) && !/[\w-]/.test(after)) return true;
  }
  return false;
}
