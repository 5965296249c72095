import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from './event-types.ts';
import { createGapWatch } from './settled-events.ts';

const events = (...ids: number[]): EventRecord[] => ids.map((id) => ({ id, at: '2026-11-23T10:00:00.000Z', actor: 'user:a', type: 't.x', subject: 's', summary: `#${id}`, data: {} }));
const ids = (list: EventRecord[]) => list.map((e) => e.id);

describe('createGapWatch', () => {
  const cases: { what: string; head: number; page: number[]; settled: number[] }[] = [
    { what: 'an unbroken run is handed on whole', head: 4, page: [5, 6, 7], settled: [5, 6, 7] },
    { what: 'nothing new is nothing', head: 4, page: [], settled: [] },
    { what: 'a missing id right after the head holds everything', head: 4, page: [6, 7], settled: [] },
    { what: 'a missing id further on holds what comes after it', head: 4, page: [5, 6, 8], settled: [5, 6] },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const watch = createGapWatch({ graceMs: 1000, now: () => 0 });
      assert.deepEqual(ids(watch.settled(c.head, events(...c.page))), c.settled);
    });
  }

  it('passes a missing id once it has been missing for the grace, and not before', () => {
    let now = 0;
    const watch = createGapWatch({ graceMs: 1000, now: () => now });
    assert.deepEqual(ids(watch.settled(4, events(5, 7))), [5]);
    now = 999;
    assert.deepEqual(ids(watch.settled(5, events(7))), []);
    now = 1000;
    assert.deepEqual(ids(watch.settled(5, events(7, 8))), [7, 8]);
  });

  it('times each gap from when it was first seen, and reset forgets it', () => {
    let now = 0;
    const watch = createGapWatch({ graceMs: 1000, now: () => now });
    assert.deepEqual(ids(watch.settled(4, events(6))), []);
    now = 800;
    watch.reset();
    // After the reset the gap at 5 is new again: its grace starts now.
    assert.deepEqual(ids(watch.settled(4, events(6))), []);
    now = 1500;
    assert.deepEqual(ids(watch.settled(4, events(6))), []);
    now = 1800;
    assert.deepEqual(ids(watch.settled(4, events(6))), [6]);
  });
});
