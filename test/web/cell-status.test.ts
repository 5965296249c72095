/** The words and colours of the overview's cells, for every rollout state and for rings not entered yet. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellStatus, type OverviewCell, shareOf, usersOn } from '../../web/src/overview/cell-status.ts';

function cell(change: Partial<OverviewCell>): OverviewCell {
  return { ring: 'production', state: null, total: 0, succeeded: 0, failed: 0, running: 0, pending: 0, cancelled: 0, skipped: 0, currentWave: null, waves: null, targetsOn: 0, usersOn: 0, ...change };
}

describe('cellStatus', () => {
  it('says waiting for the next ring of a moving release only, and nothing once it cannot go on', () => {
    const passed = cell({ ring: 'internal', state: 'succeeded', total: 1, succeeded: 1 });
    assert.equal(cellStatus(cell({}), 'candidate', null).label, 'waiting', 'the first ring is next');
    assert.equal(cellStatus(cell({}), 'in-progress', passed).tone, 'waiting');
    assert.equal(cellStatus(cell({}), 'in-progress', cell({ ring: 'internal', state: 'deploying' })).label, '—', 'not before the ring before it succeeded');
    assert.equal(cellStatus(cell({}), 'in-progress', cell({ ring: 'internal' })).tone, 'none', 'two rings ahead');
    assert.equal(cellStatus(cell({}), 'rejected', passed).label, 'rejected', 'where it would have gone next');
    assert.equal(cellStatus(cell({}), 'rejected', cell({ ring: 'internal' })).label, '—', 'and nowhere beyond');
    for (const state of ['withdrawn', 'superseded', 'done'] as const) assert.equal(cellStatus(cell({}), state, passed).label, '—', state);
  });

  it('shows the wave of a moving rollout, one-based, and its progress', () => {
    const status = cellStatus(cell({ state: 'deploying', total: 10, succeeded: 4, running: 2, pending: 4, currentWave: 1, waves: 3 }), 'in-progress', null);
    assert.deepEqual(status, { label: 'deploying · wave 2/3', tone: 'deploying', done: 4, total: 10, moving: true });
    assert.equal(cellStatus(cell({ state: 'deploying', total: 2, currentWave: 0, waves: 1 }), 'in-progress', null).label, 'deploying');
  });

  it('names finished rollouts by their state', () => {
    assert.deepEqual(cellStatus(cell({ state: 'succeeded', total: 3, succeeded: 3 }), 'blessed', null), { label: 'succeeded', tone: 'succeeded', done: 3, total: 3, moving: false });
    assert.equal(cellStatus(cell({ state: 'failed', total: 3, failed: 1 }), 'in-progress', null).tone, 'failed');
    assert.equal(cellStatus(cell({ state: 'halted' }), 'in-progress', null).label, 'halted');
    assert.deepEqual([cellStatus(cell({ state: 'rolled-back' }), 'in-progress', null).label, cellStatus(cell({ state: 'rolled-back' }), 'in-progress', null).tone], ['rolled back', 'halted']);
  });
});

describe('usersOn', () => {
  it('adds the users running the release in every ring', () => {
    const release = { version: '1.0.0', state: 'in-progress' as const, channel: 'alpha' as const, createdAt: '2026-11-23T10:00:00Z', cells: [cell({ usersOn: 12 }), cell({ usersOn: 400 }), cell({})] };
    assert.equal(usersOn(release), 412);
  });
});

describe('shareOf', () => {
  it('is a percentage, and zero for a product without users', () => {
    assert.equal(shareOf(25, 100), 25);
    assert.equal(shareOf(5, 0), 0);
  });
});
