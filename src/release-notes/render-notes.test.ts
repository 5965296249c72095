import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNotes } from './build-notes.ts';
import { markdownToHtml } from './markdown-html.ts';
import { cell, code, inline } from './markdown-text.ts';
import { renderNotes } from './render-notes.ts';
import { shopNotesInput } from './testing/shop-notes-input.ts';

const INPUT = shopNotesInput({
  api: [
    { sha: 'a0000011', message: 'feat(search): by customer <b>now</b> (#42)', author: 'Bob', email: 'b@x' },
    { sha: 'a0000022', message: 'feat(api)!: drop v1\n\nBREAKING CHANGE: use /v2\nRefs: ABC-123', author: 'Ada', email: 'a@x' },
    { sha: 'a0000033', message: 'fix: *stars* and `ticks` | pipes <script>alert(1)</script>', author: 'Ada', email: 'a@x' },
    { sha: 'a0000044', message: 'refactor(db): split', author: 'Ada', email: 'a@x' },
    { sha: 'a0000055', message: 'Tidy the README', author: 'Ada', email: 'a@x' },
  ],
  web: [],
});

describe('release notes as Markdown and HTML', () => {
  const markdown = renderNotes(buildNotes(INPUT));
  const html = markdownToHtml(markdown);

  it('puts the breaking changes first, then components, features, fixes, other changes and contributors', () => {
    const order = ['# shop 2.4.0', '## Breaking changes', '## Components', '## Features', '## Fixes', '## Other changes', '## Contributors'].map((h) => markdown.indexOf(h));
    assert.ok(order.every((at) => at >= 0), markdown);
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.match(markdown, /^# shop 2\.4\.0\n\nThe web shop\.\n\n2\.4\.0 is a candidate\. Changes since 2\.3\.0, the release before it in production\.\n/);
  });

  it('says what breaks, with the work items and where the commit is', () => {
    assert.match(markdown, /## Breaking changes\n\n- \*\*api:\*\* drop v1: use \/v2 — ABC-123 \(`a000002` in api\)\n/);
  });

  it('shows each changed component old → new, a new one as new, and the unchanged ones', () => {
    assert.match(markdown, /\| Component \| Version \|\n\|---\|---\|\n\| api \| 1\.3\.0 → 1\.4\.0 \|\n\| web \| new: 2\.0\.0 \|\n/);
    assert.match(markdown, /Unchanged: db 1\.0\.0\./);
  });

  it('escapes commit text so it reads as written', () => {
    assert.match(markdown, /- \*\*search:\*\* by customer \\<b\\>now\\<\/b\\> \(#42\) \(`a000001` in api\)/, 'a work item the subject names is not said again');
    assert.match(markdown, /## Fixes\n\n- \\\*stars\\\* and \\`ticks\\` \\\| pipes \\<script\\>alert\(1\)\\<\/script\\> \(`a000003` in api\)\n/);
    assert.match(markdown, /- \*\*refactor\(db\):\*\* split/);
    assert.match(markdown, /- Tidy the README \(`a000005` in api\)/);
    assert.match(markdown, /## Contributors\n\n- Ada\n- Bob\n$/);
  });

  it('renders HTML with the breaking section first and no markup from commits', () => {
    assert.ok(html.indexOf('<h2>Breaking changes</h2>') >= 0 && html.indexOf('<h2>Breaking changes</h2>') < html.indexOf('<h2>Components</h2>'), html);
    assert.match(html, /by customer &lt;b&gt;now&lt;\/b&gt;/);
    assert.match(html, /\*stars\* and `ticks` \| pipes &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script|<b>/);
    assert.match(html, /<td>api<\/td>\n<td>1\.3\.0 → 1\.4\.0<\/td>/);
  });

  it('says when nothing reached the ring before, and when no commits are recorded', () => {
    const first = renderNotes(buildNotes({ ...INPUT, against: null, changes: [{ component: 'api', from: null, to: '1.0.0', commits: [] }] }));
    assert.match(first, /2\.4\.0 is a candidate\. No earlier release reached production: the changes are those each component's build brought\./);
    assert.match(first, /No commits are recorded for these builds: register builds with their commits \(`ringmaster build register --git-range`\)\./);
    assert.doesNotMatch(first, /## (Breaking changes|Features|Fixes|Other changes|Contributors)/);
    const none = renderNotes(buildNotes({ ...INPUT, changes: [{ component: 'db', from: '1.0.0', to: '1.0.0', commits: [] }] }));
    assert.match(none, /No component changed since 2\.3\.0\./);
  });
});

describe('text in generated Markdown', () => {
  const cases: [string, (s: string) => string, string, string][] = [
    ['inline folds lines and escapes punctuation', inline, 'a *b*\n[c](d) <e> | f & g ~h~', 'a \\*b\\* \\[c\\](d) \\<e\\> \\| f \\& g \\~h\\~'],
    ['inline leaves underscores inside words', inline, 'snake_case _emph_ https://x.test/a_b', 'snake_case \\_emph\\_ https://x.test/a_b'],
    ['cell shows nothing as a dash', cell, '  ', '—'],
    ['code fences backticks with longer ones', code, 'a `b` c', '``a `b` c``'],
    ['code pads a leading backtick', code, '`x', '`` `x ``'],
  ];
  for (const [name, fn, input, want] of cases) it(name, () => assert.equal(fn(input), want));

  it('HTML never passes raw HTML or script links through', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) https://example.com/x');
    assert.doesNotMatch(html, /<img|href="javascript/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<a href="https:\/\/example\.com\/x">https:\/\/example\.com\/x<\/a>/);
  });
});
