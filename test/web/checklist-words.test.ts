/** How far a checklist got, in words; what release pages may still change; release documents' headings in the page outline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChecklistItem, ReleaseDetail } from '../../web/src/app/api.ts';
import { checklistProgress, describeProgress, describeSize, evidenceHint } from '../../web/src/releases/checklist-words.ts';
import { isOver, notesEditable, runbookEditable } from '../../web/src/releases/release-editing.ts';
import { demoteHeadings } from '../../web/src/shared/demote-headings.ts';

const TICK = { user: 'quinn', at: '2026-12-04T10:00:00Z', note: '', link: null, file: null };

function items(spec: string): Pick<ChecklistItem, 'required' | 'tick'>[] {
  // R: required ticked, r: required open, O: optional ticked, o: optional open.
  return [...spec].map((c) => ({ required: c === 'R' || c === 'r', tick: c === 'R' || c === 'O' ? TICK : null }));
}

describe('describeProgress', () => {
  const table: [string, string][] = [
    ['', 'no items'],
    ['rrr', '0 of 3 required ticked'],
    ['Rrr', '1 of 3 required ticked'],
    ['RRR', 'all 3 required ticked'],
    ['RRo', 'all 2 required ticked, 0 of 1 optional'],
    ['RrOo', '1 of 2 required ticked, 1 of 2 optional'],
    ['oO', '1 of 2 ticked (none required)'],
  ];
  for (const [spec, expected] of table) {
    it(`${spec || 'no items'} → ${expected}`, () => assert.equal(describeProgress(checklistProgress(items(spec))), expected));
  }

  it('counts required and all items apart', () => {
    assert.deepEqual(checklistProgress(items('RrOo')), { required: 2, requiredTicked: 1, total: 4, ticked: 2 });
  });
});

describe('evidenceHint and describeSize', () => {
  it('says when an item wants evidence', () => {
    assert.equal(evidenceHint({ evidence: 'required' }), 'needs evidence: a link or a file');
    assert.equal(evidenceHint({ evidence: 'optional' }), null);
  });

  it('gives file sizes in bytes, KiB and MiB', () => {
    assert.equal(describeSize(512), '512 B');
    assert.equal(describeSize(2048), '2 KiB');
    assert.equal(describeSize(1536), '1.5 KiB');
    assert.equal(describeSize(2 * 1024 * 1024), '2 MiB');
  });
});

describe('what may still change on a release', () => {
  const table: [ReleaseDetail['state'], string | null, { over: boolean; notes: boolean; runbook: boolean }][] = [
    ['draft', null, { over: false, notes: true, runbook: true }],
    ['candidate', null, { over: false, notes: true, runbook: true }],
    ['in-progress', null, { over: false, notes: true, runbook: true }],
    ['in-progress', '2026-12-04T11:30:00Z', { over: false, notes: false, runbook: true }],
    ['blessed', '2026-12-04T11:30:00Z', { over: false, notes: false, runbook: true }],
    ['done', '2026-12-04T11:30:00Z', { over: true, notes: false, runbook: false }],
    ['rejected', null, { over: true, notes: false, runbook: false }],
    ['withdrawn', null, { over: true, notes: false, runbook: false }],
    ['superseded', null, { over: true, notes: false, runbook: false }],
  ];
  for (const [state, blessedAt, expected] of table) {
    it(`${state}${blessedAt ? ', blessed' : ''}`, () => {
      assert.deepEqual({ over: isOver(state), notes: notesEditable({ state, blessedAt }), runbook: runbookEditable({ state }) }, expected);
    });
  }
});

describe('demoteHeadings', () => {
  const table: [string, string][] = [
    ['<h1>daily-train 1.5.0</h1>\n<h2>Components</h2>', '<h4>daily-train 1.5.0</h4>\n<h5>Components</h5>'],
    ['<h3 id="x">Deploy</h3><h6>deep</h6>', '<h6 id="x">Deploy</h6><h6>deep</h6>'],
    ['<p>&lt;h1&gt;not a tag&lt;/h1&gt; <hr> <header></p>', '<p>&lt;h1&gt;not a tag&lt;/h1&gt; <hr> <header></p>'],
  ];
  for (const [html, expected] of table) {
    it(html, () => assert.equal(demoteHeadings(html), expected));
  }
});
