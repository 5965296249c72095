import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { WindowSpec } from '../products/product-spec.ts';
import { windowArb } from '../products/testing/product-spec-arbitrary.ts';
import { holdUntilText, maintenanceHold } from './maintenance-window.ts';

const H = 3_600;
// Sundays 02:00–04:00 in the customer's zone: 07:00Z in summer (CDT), 08:00Z in winter (CST).
const chicagoSunday: WindowSpec = { cron: '0 2 * * 0', timezone: 'America/Chicago', durationSeconds: 2 * H };

interface Case {
  name: string;
  window: WindowSpec | null;
  now: string;
  /** holdUntilText of the answer: null = may start now. */
  expected: string | null;
}

const cases: Case[] = [
  { name: 'no window: never held', window: null, now: '2026-06-03T12:00:00.000Z', expected: null },
  { name: 'inside the window (Sunday 03:00 CDT)', window: chicagoSunday, now: '2026-06-07T08:00:00.000Z', expected: null },
  { name: 'at the very opening', window: chicagoSunday, now: '2026-06-07T07:00:00.000Z', expected: null },
  { name: 'the last millisecond of the window', window: chicagoSunday, now: '2026-06-07T08:59:59.999Z', expected: null },
  { name: 'a millisecond before it opens', window: chicagoSunday, now: '2026-06-07T06:59:59.999Z', expected: '2026-06-07T07:00:00.000Z' },
  { name: 'on Wednesday it waits for Sunday 02:00 CDT', window: chicagoSunday, now: '2026-06-03T12:00:00.000Z', expected: '2026-06-07T07:00:00.000Z' },
  { name: 'the end is not part of the window: next Sunday', window: chicagoSunday, now: '2026-06-07T09:00:00.000Z', expected: '2026-06-14T07:00:00.000Z' },
  { name: 'winter: Sunday 02:00 CST is 08:00Z', window: chicagoSunday, now: '2026-01-04T07:30:00.000Z', expected: '2026-01-04T08:00:00.000Z' },
  // 2026-03-08: Chicago jumps from 02:00 CST to 03:00 CDT; 02:00 does not exist that day, and
  // the window opens at the first valid time after the gap (03:00 CDT, 08:00Z), for its full two hours.
  { name: 'spring forward: 02:00 does not exist, it opens at 03:00 CDT', window: chicagoSunday, now: '2026-03-08T06:00:00.000Z', expected: '2026-03-08T08:00:00.000Z' },
  { name: 'spring forward: open two real hours after the gap', window: chicagoSunday, now: '2026-03-08T09:59:59.999Z', expected: null },
  { name: 'spring forward: shut after those two hours', window: chicagoSunday, now: '2026-03-08T10:00:00.000Z', expected: '2026-03-15T07:00:00.000Z' },
  // 2026-11-01: Chicago falls back from 02:00 CDT to 01:00 CST; 02:00 CST is 08:00Z.
  { name: 'fall back: 01:30 CDT waits for 02:00 CST', window: chicagoSunday, now: '2026-11-01T06:30:00.000Z', expected: '2026-11-01T08:00:00.000Z' },
  { name: 'fall back: the window after it lasts two real hours', window: chicagoSunday, now: '2026-11-01T09:59:59.999Z', expected: null },
  { name: 'a cron that never ticks (30 February) holds for good', window: { cron: '0 0 30 2 *', timezone: 'UTC', durationSeconds: H }, now: '2026-06-03T12:00:00.000Z', expected: 'never' },
  {
    name: 'a window beyond the horizon (29 February 2028, seen from mid-2026) holds for good',
    window: { cron: '0 0 29 2 *', timezone: 'UTC', durationSeconds: H },
    now: '2026-06-03T12:00:00.000Z',
    expected: 'never',
  },
  { name: 'Asia/Kolkata: the half-hour offset', window: { cron: '0 1 * * *', timezone: 'Asia/Kolkata', durationSeconds: H }, now: '2026-06-03T12:00:00.000Z', expected: '2026-06-03T19:30:00.000Z' },
];

describe('maintenanceHold: when a deployment may start on a target', () => {
  for (const c of cases) {
    it(c.name, () => assert.equal(holdUntilText(maintenanceHold(c.window, Date.parse(c.now))), c.expected));
  }

  it('answers epoch milliseconds for an opening, and the literal never', () => {
    assert.equal(maintenanceHold(chicagoSunday, Date.parse('2026-06-07T06:00:00.000Z')), Date.parse('2026-06-07T07:00:00.000Z'));
    assert.equal(maintenanceHold({ cron: '0 0 30 2 *', timezone: 'UTC', durationSeconds: H }, Date.parse('2026-06-03T12:00:00.000Z')), 'never');
  });

  it('a hold names a later instant at which the window is open', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (window, now) => {
        const hold = maintenanceHold(window, now);
        if (hold === null || hold === 'never') return;
        assert.ok(hold > now, `the opening ${new Date(hold).toISOString()} is after now`);
        assert.equal(maintenanceHold(window, hold), null, 'the window is open at the opening it names');
        assert.notEqual(maintenanceHold(window, hold - 1), null, 'and shut just before it');
      }),
      { numRuns: 200 },
    );
  });
});

describe('holdUntilText', () => {
  it('null, an ISO instant, or never', () => {
    assert.equal(holdUntilText(null), null);
    assert.equal(holdUntilText(Date.parse('2026-06-07T07:00:00Z')), '2026-06-07T07:00:00.000Z');
    assert.equal(holdUntilText('never'), 'never');
  });
});
