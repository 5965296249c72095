/** The words and colours of the overview's cells, for every rollout state and for rings not entered yet. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellStatus, type OverviewCell, shareOf } from '../../web/src/overview/cell-status.ts';

function cell(change: Partial<OverviewCell>): OverviewCell {
  return { ring: 'production', state: null, total: 0, succeeded: 0, failed: 0, running: 0, pending: 0, cancelled: 0, currentWave: null, waves: null, targetsOn: 0, usersOn: 0, ...change };
}

describe('cellStatus', () => {
  it('says waiting for a ring a moving release has not entered, and nothing once it cannot', () => {
    assert.equal(cellStatus(cell({}), 'candidate').label, 'waiting');
    assert.equal(cellStatus(cell({}), 'in-progress').tone, 'waiting');
    assert.equal(cellStatus(cell({}), 'rejected').label, 'rejected');
    for (const state of ['withdrawn', 'superseded', 'done'] as const) assert.equal(cellStatus(cell({}), state).label, '—', state);
  });

  it('shows the wave of a moving rollout, one-based, and its progress', () => {
    const status = cellStatus(cell({ state: 'deploying', total: 10, succeeded: 4, running: 2, pending: 4, currentWave: 1, waves: 3 }), 'in-progress');
    assert.deepEqual(status, { label: 'deploying · wave 2/3', tone: 'deploying', done: 4, total: 10, moving: true });
    assert.equal(cellStatus(cell({ state: 'deploying', total: 2, currentWave: 0, waves: 1 }), 'in-progress').label, 'deploying');
  });

  it('names finished rollouts by their state', () => {
    assert.deepEqual(cellStatus(cell({ state: 'succeeded', total: 3, succeeded: 3 }), 'blessed'), { label: 'succeeded', tone: 'succeeded', done: 3, total: 3, moving: false });
    assert.equal(cellStatus(cell({ state: 'failed', total: 3, failed: 1 }), 'in-progress').tone, 'failed');
    assert.equal(cellStatus(cell({ state: 'halted' }), 'in-progress').label, 'halted');
    assert.deepEqual([cellStatus(cell({ state: 'rolled-back' }), 'in-progress').label, cellStatus(cell({ state: 'rolled-back' }), 'in-progress').tone], ['rolled back', 'halted']);
  });
});

describe('shareOf', () => {
  it('is a percentage, and zero for a product without users', () => {
    assert.equal(shareOf(25, 100), 25);
    assert.equal(shareOf(5, 0), 0);
  });
});
