/** Notifiers and their deliveries in words, for the notifications page. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDeliveries, describeEvents, notifierState } from '../../web/src/notifications/notifier-words.ts';

const ANNOUNCEMENTS = ['release.scheduled', 'vote.opened', 'vote.decided', 'window.opened', 'window.closed', 'train.stopped'];

describe('describeDeliveries', () => {
  const table: [{ pending: number; delivered: number; failed: number }, string][] = [
    [{ pending: 0, delivered: 0, failed: 0 }, 'nothing sent yet'],
    [{ pending: 0, delivered: 12, failed: 0 }, '12 delivered'],
    [{ pending: 1, delivered: 12, failed: 2 }, '12 delivered · 1 pending · 2 failed'],
    [{ pending: 3, delivered: 0, failed: 0 }, '3 pending'],
  ];
  for (const [counts, expected] of table) {
    it(expected, () => assert.equal(describeDeliveries(counts), expected));
  }
});

describe('notifierState', () => {
  it('is off when disabled, whatever it delivered; on but failing when deliveries failed', () => {
    assert.deepEqual(notifierState({ enabled: false, deliveries: { pending: 0, delivered: 0, failed: 3 } }), { state: 'cancelled', label: 'disabled' });
    assert.deepEqual(notifierState({ enabled: true, deliveries: { pending: 0, delivered: 4, failed: 1 } }), { state: 'halted', label: 'enabled · failures' });
    assert.deepEqual(notifierState({ enabled: true, deliveries: { pending: 1, delivered: 4, failed: 0 } }), { state: 'ok', label: 'enabled' });
  });
});

describe('describeEvents', () => {
  it('names the default announcements, every event, or the list', () => {
    assert.equal(describeEvents([...ANNOUNCEMENTS].reverse(), ANNOUNCEMENTS), `the announcements (${[...ANNOUNCEMENTS].reverse().join(', ')})`);
    assert.equal(describeEvents(['*'], ANNOUNCEMENTS), 'every event');
    assert.equal(describeEvents(['vote.decided', 'rollout.*'], ANNOUNCEMENTS), 'vote.decided, rollout.*');
    assert.equal(describeEvents([], ANNOUNCEMENTS), 'nothing');
  });
});
