import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import fc from 'fast-check';
import type { FreezeSpec, GateSpec } from '../products/product-spec.ts';
import type { GateVerdict } from './gate-types.ts';
import { gateContext } from './testing/gate-context.ts';
import { evaluateWindowGate } from './window-gate.ts';

type WindowGate = Extract<GateSpec, { kind: 'window' }>;

function windowGate(cron: string, timezone: string, durationSeconds: number, freezes: FreezeSpec[] = []): WindowGate {
  return { kind: 'window', window: { cron, timezone, durationSeconds }, freezes };
}

function check(gate: WindowGate, now: string): GateVerdict {
  return evaluateWindowGate(gate, gateContext(gate, { now: new Date(now) }));
}

const H = 3_600;
const kolkata = windowGate('0 17 * * 1-5', 'Asia/Kolkata', H); // 17:00 IST is 11:30Z
const KOLKATA = '(0 17 * * 1-5 Asia/Kolkata)';

interface Case {
  name: string;
  gate: WindowGate;
  now: string;
  expected: Omit<GateVerdict, 'gate' | 'kind'>;
}

function table(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(check(c.gate, c.now), { gate: 'window', kind: 'window', ...c.expected }));
  }
}

describe('window gate: Asia/Kolkata weekdays 17:00 for 1h', () => {
  table([
    { name: 'open at 17:30 IST', gate: kolkata, now: '2026-06-01T12:00:00.000Z', expected: { status: 'pass', reason: `open until 2026-06-01T12:30:00.000Z ${KOLKATA}` } },
    { name: 'open at the very tick', gate: kolkata, now: '2026-06-01T11:30:00.000Z', expected: { status: 'pass', reason: `open until 2026-06-01T12:30:00.000Z ${KOLKATA}` } },
    {
      name: 'closed a millisecond before the tick',
      gate: kolkata,
      now: '2026-06-01T11:29:59.999Z',
      expected: { status: 'waiting', reason: `closed until 2026-06-01T11:30:00.000Z ${KOLKATA}`, opensAt: '2026-06-01T11:30:00.000Z' },
    },
    {
      name: 'closed at 18:00 IST: the end is not part of the window',
      gate: kolkata,
      now: '2026-06-01T12:30:00.000Z',
      expected: { status: 'waiting', reason: `closed until 2026-06-02T11:30:00.000Z ${KOLKATA}`, opensAt: '2026-06-02T11:30:00.000Z' },
    },
    {
      name: 'on Saturday it waits for Monday 11:30Z',
      gate: kolkata,
      now: '2026-06-06T12:00:00.000Z',
      expected: { status: 'waiting', reason: `closed until 2026-06-08T11:30:00.000Z ${KOLKATA}`, opensAt: '2026-06-08T11:30:00.000Z' },
    },
  ]);
});

describe('window gate: America/New_York DST changes', () => {
  // 2026-03-08: clocks jump from 02:00 EST (07:00Z) to 03:00 EDT; 02:30 does not exist that day.
  // croner runs a fixed-time cron at the first valid time after the gap (as Vixie cron does), so a
  // daily window still opens that day, at 03:00 EDT, rather than being skipped: a daily window
  // that silently vanished once a year would surprise whoever relies on it.
  const springGap = windowGate('30 2 * * *', 'America/New_York', H);
  // 2026-11-01: clocks fall back from 02:00 EDT (06:00Z) to 01:00 EST; 01:30 happens twice.
  // A fixed-time cron ticks once, at the first 01:30 (EDT, 05:30Z): the window is daily, so the
  // day gets one window, not two.
  const fallRepeat = windowGate('30 1 * * *', 'America/New_York', H);
  // Windows crossing the change last exactly their duration in real time, whatever the wall clock says.
  const acrossSpring = windowGate('0 1 * * *', 'America/New_York', 2 * H);
  table([
    {
      name: 'spring forward: a 02:30 window waits for 03:00 EDT (07:00Z)',
      gate: springGap,
      now: '2026-03-08T06:45:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-03-08T07:00:00.000Z (30 2 * * * America/New_York)', opensAt: '2026-03-08T07:00:00.000Z' },
    },
    { name: 'spring forward: open from 03:00 EDT for one hour', gate: springGap, now: '2026-03-08T07:30:00.000Z', expected: { status: 'pass', reason: 'open until 2026-03-08T08:00:00.000Z (30 2 * * * America/New_York)' } },
    {
      name: 'spring forward: the next day is back at 02:30 EDT',
      gate: springGap,
      now: '2026-03-08T08:00:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-03-09T06:30:00.000Z (30 2 * * * America/New_York)', opensAt: '2026-03-09T06:30:00.000Z' },
    },
    {
      name: 'spring forward: a 2h window from 01:00 EST ends at 04:00 EDT, two real hours later',
      gate: acrossSpring,
      now: '2026-03-08T07:59:59.000Z',
      expected: { status: 'pass', reason: 'open until 2026-03-08T08:00:00.000Z (0 1 * * * America/New_York)' },
    },
    {
      name: 'spring forward: closed at 04:00 EDT',
      gate: acrossSpring,
      now: '2026-03-08T08:00:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-03-09T05:00:00.000Z (0 1 * * * America/New_York)', opensAt: '2026-03-09T05:00:00.000Z' },
    },
    {
      name: 'fall back: open at 01:00 EST, inside the window that opened at 01:30 EDT',
      gate: fallRepeat,
      now: '2026-11-01T06:00:00.000Z',
      expected: { status: 'pass', reason: 'open until 2026-11-01T06:30:00.000Z (30 1 * * * America/New_York)' },
    },
    {
      name: 'fall back: the second 01:30 (EST) opens no second window',
      gate: fallRepeat,
      now: '2026-11-01T06:30:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-11-02T06:30:00.000Z (30 1 * * * America/New_York)', opensAt: '2026-11-02T06:30:00.000Z' },
    },
    {
      name: 'fall back: a 2h window from 01:00 EDT ends at 02:00 EST, two real hours later',
      gate: windowGate('0 1 * * *', 'America/New_York', 2 * H),
      now: '2026-11-01T06:59:00.000Z',
      expected: { status: 'pass', reason: 'open until 2026-11-01T07:00:00.000Z (0 1 * * * America/New_York)' },
    },
  ]);
});

describe('window gate: Europe/Berlin', () => {
  const office = windowGate('0 9 * * 1-5', 'Europe/Berlin', 8 * H);
  const night = windowGate('30 2 * * *', 'Europe/Berlin', H);
  table([
    { name: 'a winter office day: 09:00 CET is 08:00Z', gate: office, now: '2026-11-24T15:59:00.000Z', expected: { status: 'pass', reason: 'open until 2026-11-24T16:00:00.000Z (0 9 * * 1-5 Europe/Berlin)' } },
    { name: 'a summer office day: 09:00 CEST is 07:00Z', gate: office, now: '2026-06-02T14:59:00.000Z', expected: { status: 'pass', reason: 'open until 2026-06-02T15:00:00.000Z (0 9 * * 1-5 Europe/Berlin)' } },
    {
      name: 'closed after the office day',
      gate: office,
      now: '2026-11-24T16:00:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-11-25T08:00:00.000Z (0 9 * * 1-5 Europe/Berlin)', opensAt: '2026-11-25T08:00:00.000Z' },
    },
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 runs at 03:00 CEST (01:00Z).
    { name: 'spring forward: 02:30 runs at 03:00 CEST', gate: night, now: '2026-03-29T01:59:00.000Z', expected: { status: 'pass', reason: 'open until 2026-03-29T02:00:00.000Z (30 2 * * * Europe/Berlin)' } },
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 CEST (00:30Z) ticks, 02:30 CET (01:30Z) does not.
    {
      name: 'fall back: the repeated 02:30 opens nothing',
      gate: night,
      now: '2026-10-25T01:30:00.000Z',
      expected: { status: 'waiting', reason: 'closed until 2026-10-26T01:30:00.000Z (30 2 * * * Europe/Berlin)', opensAt: '2026-10-26T01:30:00.000Z' },
    },
  ]);
});

describe('window gate: freezes and odd crons', () => {
  const yearEnd: FreezeSpec = { from: '2026-12-24T00:00:00.000Z', to: '2027-01-02T00:00:00.000Z', reason: 'year end' };
  table([
    {
      name: 'a freeze covering now waits for the first window after it',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [yearEnd]),
      now: '2026-12-28T11:45:00.000Z',
      expected: { status: 'waiting', reason: 'frozen until 2027-01-02T00:00:00.000Z: year end', opensAt: '2027-01-04T11:30:00.000Z' },
    },
    {
      name: 'a freeze ending inside an occurrence opens the window at its end',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [{ from: '2026-06-01T10:00:00.000Z', to: '2026-06-01T11:45:00.000Z', reason: 'db maintenance' }]),
      now: '2026-06-01T11:00:00.000Z',
      expected: { status: 'waiting', reason: 'frozen until 2026-06-01T11:45:00.000Z: db maintenance', opensAt: '2026-06-01T11:45:00.000Z' },
    },
    {
      name: 'freezes back to back are all waited out; a freeze without a reason says only until when',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [
        { from: '2026-06-01T10:00:00.000Z', to: '2026-06-01T11:45:00.000Z', reason: '' },
        { from: '2026-06-01T11:45:00.000Z', to: '2026-06-02T00:00:00.000Z', reason: 'release train' },
      ]),
      now: '2026-06-01T11:00:00.000Z',
      expected: { status: 'waiting', reason: 'frozen until 2026-06-01T11:45:00.000Z', opensAt: '2026-06-02T11:30:00.000Z' },
    },
    {
      name: 'closed, with the next tick inside a freeze: waits for the tick after',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [{ from: '2026-06-01T00:00:00.000Z', to: '2026-06-01T23:00:00.000Z', reason: 'audit' }]),
      now: '2026-05-31T12:00:00.000Z',
      expected: { status: 'waiting', reason: `closed until 2026-06-02T11:30:00.000Z ${KOLKATA}`, opensAt: '2026-06-02T11:30:00.000Z' },
    },
    {
      name: 'an open window is open until the next freeze starts',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [{ from: '2026-06-01T12:00:00.000Z', to: '2026-06-01T13:00:00.000Z', reason: 'audit' }]),
      now: '2026-06-01T11:40:00.000Z',
      expected: { status: 'pass', reason: `open until 2026-06-01T12:00:00.000Z ${KOLKATA}` },
    },
    {
      name: 'a freeze ending exactly when the window opens does not delay it',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [{ from: '2026-06-01T11:00:00.000Z', to: '2026-06-01T11:30:00.000Z', reason: 'audit' }]),
      now: '2026-06-01T11:30:00.000Z',
      expected: { status: 'pass', reason: `open until 2026-06-01T12:30:00.000Z ${KOLKATA}` },
    },
    {
      name: 'overlapping occurrences chain into one open stretch',
      gate: windowGate('0,30 9 * * *', 'UTC', 45 * 60),
      now: '2026-06-01T09:10:00.000Z',
      expected: { status: 'pass', reason: 'open until 2026-06-01T10:15:00.000Z (0,30 9 * * * UTC)' },
    },
    {
      name: 'a cron that does not tick within a year fails',
      gate: windowGate('0 0 29 2 *', 'UTC', H),
      now: '2026-03-01T00:00:00.000Z',
      expected: { status: 'fail', reason: 'the window does not open in the next year (0 0 29 2 * UTC)' },
    },
    {
      name: 'a freeze longer than a year fails',
      gate: windowGate('0 17 * * 1-5', 'Asia/Kolkata', H, [{ from: '2026-01-01T00:00:00.000Z', to: '2028-01-01T00:00:00.000Z', reason: 'moratorium' }]),
      now: '2026-06-01T12:00:00.000Z',
      expected: { status: 'fail', reason: 'the window does not open in the next year (0 17 * * 1-5 Asia/Kolkata)' },
    },
  ]);

  it('a cron ticking so often that it never closes is reported as open until at least some time', () => {
    const v = check(windowGate('*/30 * * * *', 'UTC', H), '2026-06-01T09:10:00.000Z');
    assert.equal(v.status, 'pass');
    assert.match(v.reason, /^open until at least 2026-\d\d-\d\dT\d\d:\d\d:00\.000Z \(\*\/30 \* \* \* \* UTC\)$/);
  });

  it('an unreadable cron fails instead of throwing', () => {
    const v = check(windowGate('61 * * * *', 'UTC', H), '2026-06-01T09:10:00.000Z');
    assert.equal(v.status, 'fail');
    assert.match(v.reason, /^the window cannot be read \(61 \* \* \* \* UTC\): /);
  });
});

describe('window gate: open exactly when a tick lies in (now - duration, now]', () => {
  const MINUTE = 60_000;
  const configs = [
    windowGate('0 17 * * 1-5', 'Asia/Kolkata', H),
    windowGate('30 1 * * *', 'America/New_York', 2 * H),
    windowGate('30 2 * * *', 'America/New_York', 90 * 60),
    windowGate('*/20 9-17 * * 1-5', 'Europe/Berlin', 15 * 60),
    windowGate('15,45 2 * * 0', 'Europe/Berlin', 3 * H),
    windowGate('*/30 1 * * *', 'America/New_York', 45 * 60),
  ];

  /** The brute force: every whole minute in (now - duration, now], each asked of croner on its own. */
  function bruteForceOpen(gate: WindowGate, now: number): boolean {
    const job = new Cron(gate.window.cron, { paused: true, timezone: gate.window.timezone, mode: '5-part' });
    const from = now - gate.window.durationSeconds * 1_000;
    for (let minute = Math.floor(from / MINUTE) * MINUTE + MINUTE; minute <= now; minute += MINUTE) {
      if (job.nextRun(new Date(minute - 1))?.getTime() === minute) return true;
    }
    return false;
  }

  const start2026 = Date.UTC(2026, 0, 1);
  const end2026 = Date.UTC(2027, 0, 1) - 1;
  const dstDays = ['2026-03-08T00:00:00Z', '2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-11-01T00:00:00Z'].map((d) => Date.parse(d));
  const instant = fc.oneof(
    fc.integer({ min: start2026, max: end2026 }),
    // Around DST changes, where zones misbehave.
    fc.tuple(fc.constantFrom(...dstDays), fc.integer({ min: 0, max: 36 * H * 1_000 })).map(([day, offset]) => day + offset),
    // Whole minutes, so ticks and window ends are hit exactly.
    fc.integer({ min: start2026 / MINUTE, max: Math.floor(end2026 / MINUTE) }).map((m) => m * MINUTE),
  );

  /** A window and an instant, often right at one of its ticks or occurrence ends. */
  const windowAndInstant = fc.constantFrom(...configs).chain((gate) =>
    fc.tuple(
      fc.constant(gate),
      fc.oneof(
        instant,
        fc.tuple(instant, fc.constantFrom(-1, 0, 1, gate.window.durationSeconds * 1_000 - 1, gate.window.durationSeconds * 1_000, gate.window.durationSeconds * 1_000 + 1)).map(([at, offset]) => {
          const job = new Cron(gate.window.cron, { paused: true, timezone: gate.window.timezone, mode: '5-part' });
          return (job.nextRun(new Date(at))?.getTime() ?? at) + offset;
        }),
      ),
    ),
  );

  it('agrees with the minute-by-minute check', () => {
    fc.assert(
      fc.property(windowAndInstant, ([gate, now]) => {
        const v = check(gate, new Date(now).toISOString());
        assert.equal(v.status === 'pass', bruteForceOpen(gate, now), `${gate.window.cron} ${gate.window.timezone} at ${new Date(now).toISOString()}: ${v.reason}`);
        if (v.status === 'waiting') assert.ok(v.opensAt !== undefined && Date.parse(v.opensAt) > now, 'a closed window opens later');
      }),
      { numRuns: 200 },
    );
  });

  it('opens at the moment it says it opens, and not a minute earlier', () => {
    fc.assert(
      fc.property(windowAndInstant, ([gate, now]) => {
        const v = check(gate, new Date(now).toISOString());
        fc.pre(v.status === 'waiting' && v.opensAt !== undefined);
        const opensAt = Date.parse(v.opensAt as string);
        assert.equal(check(gate, new Date(opensAt).toISOString()).status, 'pass');
        assert.notEqual(check(gate, new Date(Math.max(now, opensAt - MINUTE)).toISOString()).status, 'pass');
      }),
      { numRuns: 100 },
    );
  });
});
