import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParsedChange, parseCommit } from './parse-commits.ts';

const parse = (message: string) => parseCommit({ sha: 'abc1234', message, author: 'Ada', email: 'ada@example.com' });

describe('parsing commit messages', () => {
  const cases: { name: string; message: string; want: Partial<ParsedChange> }[] = [
    {
      name: 'a feature with a scope',
      message: 'feat(search): find orders by customer',
      want: { kind: 'feat', type: 'feat', scope: 'search', subject: 'find orders by customer', breaking: null, workItems: [] },
    },
    { name: 'a fix without a scope', message: 'fix: handle an empty cart', want: { kind: 'fix', type: 'fix', scope: null, subject: 'handle an empty cart', breaking: null } },
    { name: 'a performance change', message: 'perf(db): index orders by date', want: { kind: 'perf', type: 'perf', scope: 'db' } },
    { name: 'another conventional type is other, its type kept', message: 'refactor(api)!: split the router', want: { kind: 'other', type: 'refactor', scope: 'api', breaking: 'split the router' } },
    { name: 'a capitalised type reads as the type', message: 'Fix: the login loop', want: { kind: 'fix', type: 'fix', subject: 'the login loop' } },
    {
      name: '`!` marks a breaking change; the footer says what breaks',
      message: 'feat(api)!: drop the v1 endpoints\n\nThe v1 API is gone. Fixes #42\n\nBREAKING CHANGE: clients must call /v2\nRefs: ABC-123',
      want: { kind: 'feat', scope: 'api', subject: 'drop the v1 endpoints', breaking: 'clients must call /v2', workItems: ['#42', 'ABC-123'] },
    },
    { name: '`!` alone: the subject says what breaks', message: 'feat!: one config file', want: { kind: 'feat', breaking: 'one config file' } },
    { name: 'a BREAKING-CHANGE footer without `!`', message: 'fix(auth): expire sessions\n\nBREAKING-CHANGE: sessions last 8 hours', want: { kind: 'fix', breaking: 'sessions last 8 hours' } },
    {
      name: 'work items in the header, body and footers, each once, in order',
      message: 'fix: ABC-7 null cart (#77)\n\nAlso OPS-12 and ABC-7 again; see org/shop#5\n\nCloses: #8',
      want: { workItems: ['ABC-7', '#77', 'OPS-12', 'org/shop#5', '#8'] },
    },
    {
      name: 'words shaped like keys are not work items',
      message: 'chore: store text as UTF-8, hash with SHA-256, fix CVE-2024-1234, keep X-1 and ISO-8601',
      want: { workItems: [] },
    },
    { name: 'a non-conventional message is other, under its first line', message: 'Update the README\n\nMore words. ABC-9', want: { kind: 'other', type: null, scope: null, subject: 'Update the README', breaking: null, workItems: ['ABC-9'] } },
    { name: 'a merge header is other', message: "Merge branch 'main' into feature", want: { kind: 'other', type: null, subject: "Merge branch 'main' into feature" } },
    { name: 'BREAKING CHANGE in a non-conventional message does not count', message: 'Big rewrite\n\nBREAKING CHANGE: everything', want: { kind: 'other', breaking: null } },
    { name: 'Windows line ends read the same', message: 'feat: a\r\n\r\nBREAKING CHANGE: b\r\n', want: { kind: 'feat', subject: 'a', breaking: 'b' } },
    { name: 'an empty message', message: '', want: { kind: 'other', subject: '(no message)', workItems: [] } },
    { name: 'a header without a subject is not conventional', message: 'feat:', want: { kind: 'other', type: null, subject: 'feat:' } },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const parsed = parse(c.message);
      for (const [key, value] of Object.entries(c.want)) assert.deepEqual(parsed[key as keyof ParsedChange], value, `${key} of ${JSON.stringify(c.message)}`);
      assert.equal(parsed.sha, 'abc1234');
      assert.equal(parsed.author, 'Ada');
    });
  }

  it('reads the start of a long message and keeps at most 20 work items', () => {
    const message = `fix: many\n\n${Array.from({ length: 6000 }, (_, i) => `Closes #${i + 1} ABC-${i + 1}`).join(' ')}`.slice(0, 64 * 1024);
    const parsed = parse(message);
    assert.equal(parsed.kind, 'fix');
    assert.deepEqual(parsed.workItems.slice(0, 4), ['#1', 'ABC-1', '#2', 'ABC-2']);
    assert.equal(parsed.workItems.length, 20);
  });
});
