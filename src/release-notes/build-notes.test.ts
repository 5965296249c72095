import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildCommit } from '../builds/build-types.ts';
import { buildNotes, MAX_LISTED_COMMITS } from './build-notes.ts';
import { shopNotesInput } from './testing/shop-notes-input.ts';

const commit = (sha: string, message: string, author = 'Ada Lovelace'): BuildCommit => ({ sha, message, author, email: `${author.split(' ')[0]!.toLowerCase()}@example.com` });

const INPUT = shopNotesInput({
  api: [
    commit('a000001', 'feat(api)!: drop v1\n\nBREAKING CHANGE: use /v2\nRefs: ABC-123'),
    commit('a000002', 'feat(search): by customer (#42)', 'bob'),
    commit('a000003', 'fix: empty cart', 'Bob'),
    commit('a000004', 'perf: faster list'),
    commit('a000005', 'Tidy the README', 'Émile Zola'),
    commit('a000006', 'docs: api guide'),
  ],
  web: [commit('a000002', 'feat(search): by customer (#42)', 'bob'), commit('b000001', 'fix(ui): layout', '')],
});

describe('building release notes', () => {
  const notes = buildNotes(INPUT);

  it('lists the components that moved, old → new, and those that did not', () => {
    assert.deepEqual(notes.components, [
      { name: 'api', from: '1.3.0', to: '1.4.0' },
      { name: 'web', from: null, to: '2.0.0' },
    ]);
    assert.deepEqual(notes.unchanged, [{ name: 'db', version: '1.0.0' }]);
    assert.equal(notes.against, '2.3.0');
    assert.equal(notes.ring, 'production');
    assert.equal(notes.description, 'The web shop.');
    assert.equal(notes.state, 'candidate');
  });

  it('groups the changes by kind, breaking ones apart and only there', () => {
    assert.deepEqual(notes.breaking.map((e) => [e.sha, e.breaking, e.workItems]), [['a000001', 'use /v2', ['ABC-123']]]);
    assert.deepEqual(notes.features.map((e) => e.sha), ['a000002']);
    assert.deepEqual(notes.fixes.map((e) => e.sha), ['a000003', 'b000001']);
    assert.deepEqual(notes.other.map((e) => [e.sha, e.type]), [['a000004', 'perf'], ['a000005', null], ['a000006', 'docs']]);
  });

  it('lists a commit several components carry once, naming them all', () => {
    assert.deepEqual(notes.features[0]!.components, ['api', 'web']);
    assert.deepEqual(notes.features[0]!.workItems, ['#42']);
  });

  it('names each contributor once, sorted whatever the case and accents, without empty names', () => {
    assert.deepEqual(notes.contributors, ['Ada Lovelace', 'Bob', 'bob', 'Émile Zola']);
  });

  it('counts commits past the limit instead of listing them', () => {
    const many = Array.from({ length: MAX_LISTED_COMMITS + 3 }, (_, i) => commit(i.toString(16).padStart(7, '0'), `fix: ${i}`));
    const big = buildNotes({ ...INPUT, changes: [{ component: 'api', from: '1.0.0', to: '2.0.0', commits: many }] });
    assert.equal(big.fixes.length, MAX_LISTED_COMMITS);
    assert.equal(big.omitted, 3);
  });

  it('has nothing to list for a release that changes nothing', () => {
    const same = buildNotes({ ...INPUT, changes: [{ component: 'db', from: '1.0.0', to: '1.0.0', commits: [] }] });
    assert.deepEqual([same.components, same.breaking, same.features, same.fixes, same.other, same.contributors], [[], [], [], [], [], []]);
  });
});
