import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ROLLOUT, type FreezeSpec, type GateSpec, type RingSpec } from '../products/product-spec.ts';
import { windowChanges } from './window-announcements.ts';

const H = 3_600_000;
const ring = (name: string, ...gates: GateSpec[]): RingSpec => ({ name, description: '', gates, rollout: DEFAULT_ROLLOUT });
const windowGate = (cron: string, timezone: string, durationSeconds: number, freezes: FreezeSpec[] = []): GateSpec => ({ kind: 'window', window: { cron, timezone, durationSeconds }, freezes });

// 17:00-18:00 IST on weekdays is 11:30-12:30Z; 4 Dec 2026 is a Friday.
const production = ring('production', { kind: 'blessed' }, windowGate('0 17 * * 1-5', 'Asia/Kolkata', 3_600));
const rings = [ring('dev'), production];

function changesAt(now: string, of: RingSpec[] = rings, graceMs = H): string[] {
  return windowChanges(of, Date.parse(now), graceMs).map((c) => `${c.step} ${new Date(c.start).toISOString()} ${c.kind} at ${new Date(c.at).toISOString()}`);
}

describe('deployment windows opening and closing', () => {
  const cases: { name: string; now: string; rings?: RingSpec[]; graceMs?: number; expected: string[] }[] = [
    { name: 'nothing before the window', now: '2026-12-04T11:29:59.999Z', expected: [] },
    { name: 'the opening at 17:00 IST', now: '2026-12-04T11:30:00.000Z', expected: ['window-open:production 2026-12-04T11:30:00.000Z opened at 2026-12-04T11:30:00.000Z'] },
    { name: 'the opening is still news just before the grace ends', now: '2026-12-04T12:29:59.999Z', expected: ['window-open:production 2026-12-04T11:30:00.000Z opened at 2026-12-04T11:30:00.000Z'] },
    { name: 'at 18:00 IST it closed; the opening is an hour old', now: '2026-12-04T12:30:00.000Z', expected: ['window-close:production 2026-12-04T11:30:00.000Z closed at 2026-12-04T12:30:00.000Z'] },
    { name: 'an hour after closing, nothing is news', now: '2026-12-04T13:30:00.000Z', expected: [] },
    { name: 'on Saturday nothing', now: '2026-12-05T11:45:00.000Z', expected: [] },
    {
      name: 'a longer grace reports both, the close after the open',
      now: '2026-12-04T12:45:00.000Z',
      graceMs: 2 * H,
      expected: ['window-open:production 2026-12-04T11:30:00.000Z opened at 2026-12-04T11:30:00.000Z', 'window-close:production 2026-12-04T11:30:00.000Z closed at 2026-12-04T12:30:00.000Z'],
    },
    {
      name: 'a window starting in a freeze is not announced at all',
      now: '2026-12-04T12:45:00.000Z',
      graceMs: 2 * H,
      rings: [ring('production', windowGate('0 17 * * 1-5', 'Asia/Kolkata', 3_600, [{ from: '2026-12-04T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z', reason: 'audit' }]))],
      expected: [],
    },
    {
      name: 'rings without a window gate say nothing; each ring with one speaks for itself',
      now: '2026-12-04T11:30:00.000Z',
      rings: [ring('dev'), ring('staging', windowGate('0 11 * * *', 'UTC', 7_200)), production],
      expected: ['window-open:staging 2026-12-04T11:00:00.000Z opened at 2026-12-04T11:00:00.000Z', 'window-open:production 2026-12-04T11:30:00.000Z opened at 2026-12-04T11:30:00.000Z'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(changesAt(c.now, c.rings, c.graceMs), c.expected));

  it('a window every minute announces at most 60 openings and 60 closings per grace', () => {
    const changes = windowChanges([ring('busy', windowGate('* * * * *', 'UTC', 30))], Date.parse('2026-12-04T12:00:00.000Z'), H);
    assert.equal(changes.filter((c) => c.kind === 'opened').length, 60);
    assert.equal(changes.filter((c) => c.kind === 'closed').length, 60);
  });
});
