/**
 * Commit messages → classified changes, without I/O. Conventional commits
 * (`type(scope)!: subject`, `BREAKING CHANGE:` footers) are read with
 * conventional-commits-parser; anything else is an "other" change under its
 * first line. Work items are the references the parser finds (`#42`, with
 * `owner/repo#42`) and JIRA-like keys (`ABC-123`) anywhere in the message.
 */
import { type Commit, CommitParser } from 'conventional-commits-parser';
import type { BuildCommit } from '../builds/build-types.ts';

export type ChangeKind = 'feat' | 'fix' | 'perf' | 'other';

export interface ParsedChange {
  sha: string;
  /** feat, fix and perf have their own kinds; every other type (and a non-conventional message) is 'other'. */
  kind: ChangeKind;
  /** The conventional type as written (`refactor`, `docs`), or null for a non-conventional message. */
  type: string | null;
  scope: string | null;
  /** The subject of a conventional commit, or the first line of any other. */
  subject: string;
  /** What breaks, when the commit says so (`!` or a BREAKING CHANGE footer); null otherwise. */
  breaking: string | null;
  /** `ABC-123`, `#42`, `org/repo#42`: in order of appearance, each once. */
  workItems: string[];
  author: string;
  email: string;
}

const parser = new CommitParser({
  // `feat(api)!: …` is a breaking change too; the parser adds a BREAKING CHANGE note for it.
  breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/,
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE'],
  issuePrefixes: ['#'],
});

/** Words shaped like keys that are not work items (`UTF-8`, `SHA-256`). */
const NOT_KEYS = new Set(['UTF', 'SHA', 'ISO', 'AES', 'RFC', 'CVE', 'TLS', 'SSL', 'HTTP', 'MD', 'RSA', 'X', 'IPV', 'ES', 'UTC', 'GMT']);
/** A project key of 2 to 10 capitals and digits, a dash and a number, not inside a longer word or dashed run. */
const JIRA_KEY = /(?<![\w-])([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,6})(?![\w-])/g;

/**
 * Notes read the start of a message: headers, bodies and footers of real
 * commits fit, and a crafted 64 KiB message cannot make notes slow.
 */
const MAX_PARSED = 8 * 1024;
/** Work items kept per commit. */
const MAX_WORK_ITEMS = 20;

export function parseCommit(commit: BuildCommit): ParsedChange {
  const message = commit.message.slice(0, MAX_PARSED).replace(/\r\n?/g, '\n').trim();
  const firstLine = message.split('\n', 1)[0]?.trim() ?? '';
  let parsed: Commit | null = null;
  try {
    parsed = parser.parse(message);
  } catch {
    parsed = null;
  }
  const type = typeof parsed?.['type'] === 'string' && parsed['type'] !== '' ? parsed['type'].toLowerCase() : null;
  const subject = type !== null && typeof parsed?.['subject'] === 'string' ? parsed['subject'].trim() : firstLine;
  const scope = type !== null && typeof parsed?.['scope'] === 'string' && parsed['scope'] !== '' ? parsed['scope'] : null;
  const note = type === null ? undefined : parsed?.notes.find((n) => /^BREAKING[ -]CHANGE$/i.test(n.title));
  const breaking = note === undefined ? null : note.text.trim() || subject;
  return {
    sha: commit.sha,
    kind: type === 'feat' || type === 'fix' || type === 'perf' ? type : 'other',
    type,
    scope,
    subject: subject || '(no message)',
    breaking,
    workItems: workItems(message, parsed),
    author: commit.author,
    email: commit.email,
  };
}

export function parseCommits(commits: readonly BuildCommit[]): ParsedChange[] {
  return commits.map(parseCommit);
}

function workItems(message: string, parsed: Commit | null): string[] {
  const found: { at: number; key: string }[] = [];
  for (const match of message.matchAll(JIRA_KEY)) {
    if (!NOT_KEYS.has(match[1]!)) found.push({ at: match.index, key: `${match[1]}-${match[2]}` });
  }
  for (const ref of parsed?.references ?? []) {
    if (ref.prefix !== '#' || !/^\d+$/.test(ref.issue)) continue;
    const key = `${ref.owner && ref.repository ? `${ref.owner}/${ref.repository}` : ''}#${ref.issue}`;
    found.push({ at: positionOf(message, key), key });
  }
  // The parser reads references in the body and footers; a header's `(#42)` (squash merges) counts too.
  const header = message.split('\n', 1)[0] ?? '';
  for (const match of header.matchAll(/(?<![\w/#])#(\d{1,9})\b/g)) found.push({ at: match.index, key: `#${match[1]}` });
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.key))].slice(0, MAX_WORK_ITEMS);
}

function positionOf(message: string, text: string): number {
  const at = message.indexOf(text);
  return at < 0 ? message.length : at;
}
