/**
 * The commits a build carries, checked without I/O: the schema bounds them for
 * HTTP callers; this says what is wrong for every caller, in-process ones too.
 */
import { InputError } from '../platform/errors/errors.ts';
import { MAX_COMMIT_MESSAGE_BYTES, MAX_COMMIT_PERSON, MAX_COMMITS } from './build-schemas.ts';
import type { BuildCommit } from './build-types.ts';

const SHA = /^[0-9a-f]{7,40}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The commits in a canonical shape (sha lower-cased, fixed key order), or an InputError naming the first bad one. */
export function checkCommits(commits: readonly BuildCommit[]): BuildCommit[] {
  if (!Array.isArray(commits)) throw new InputError('commits: expected a list of { sha, message, author, email }', [{ field: 'commits' }]);
  if (commits.length > MAX_COMMITS) {
    throw new InputError(`commits: at most ${MAX_COMMITS} commits are allowed, got ${commits.length}; register a narrower range`, [{ field: 'commits' }]);
  }
  const seen = new Set<string>();
  return commits.map((commit, i) => {
    const field = `commits.${i}`;
    const text = (key: keyof BuildCommit) => {
      const value = (commit as unknown as Record<string, unknown>)?.[key];
      if (typeof value !== 'string') throw new InputError(`${field}.${key}: expected text`, [{ field: `${field}.${key}` }]);
      return value;
    };
    const sha = text('sha');
    if (!SHA.test(sha)) throw new InputError(`${field}.sha: '${sha.slice(0, 64)}' is not a commit sha: use 7 to 40 hex digits`, [{ field: `${field}.sha` }]);
    const lower = sha.toLowerCase();
    if (seen.has(lower)) throw new InputError(`${field}.sha: commit ${lower} is listed twice; list each commit once`, [{ field: `${field}.sha` }]);
    seen.add(lower);
    const message = text('message');
    if (message.includes('\u0000')) throw new InputError(`${field}.message: the message of ${lower} holds a NUL character`, [{ field: `${field}.message` }]);
    const bytes = Buffer.byteLength(message, 'utf8');
    if (bytes > MAX_COMMIT_MESSAGE_BYTES) {
      throw new InputError(`${field}.message: the message of ${lower} takes ${bytes} bytes; at most ${MAX_COMMIT_MESSAGE_BYTES} (64 KiB) are allowed`, [{ field: `${field}.message` }]);
    }
    const person = (key: 'author' | 'email') => {
      const value = text(key);
      if (value.length > MAX_COMMIT_PERSON || CONTROL.test(value)) {
        throw new InputError(`${field}.${key}: the ${key} of ${lower} must be at most ${MAX_COMMIT_PERSON} characters on one line`, [{ field: `${field}.${key}` }]);
      }
      return value;
    };
    return { sha: lower, message, author: person('author'), email: person('email') };
  });
}
