import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TrainSpec } from '../products/product-spec.ts';
import { dailyTrain } from './testing/daily-train.ts';
import { type StepTiming, trainCalendar } from './train-schedule.ts';
import { zonedDate, zonedMoment, zonedTime, zonedTimeNear } from './zoned-time.ts';

const H = 3_600;

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const ms = (text: string) => Date.parse(text);

interface DayCase {
  name: string;
  spec: TrainSpec;
  now: string;
  day: { cut: string; vote: string | null; deploy: string | null; nextCut: string | null };
  /** cut, vote, deploy */
  timing: [StepTiming, StepTiming, StepTiming];
}

function dayTable(cases: DayCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const calendar = trainCalendar(c.spec);
      const day = calendar.dayAt(ms(c.now));
      assert.ok(day, 'a day');
      assert.deepEqual(
        { cut: iso(day.cutAt), vote: iso(day.voteAt), deploy: iso(day.deployAt), nextCut: iso(day.nextCutAt) },
        c.day,
      );
      assert.equal(day.day, c.day.cut, 'the day is keyed by its cut instant');
      assert.deepEqual(calendar.plan(day, ms(c.now)).map((s) => s.timing), c.timing);
    });
  }
}

// 15:00 / 16:00 / 17:00 IST are 09:30 / 10:30 / 11:30 UTC. 4 Dec 2026 is a Friday.
const FRI = { cut: '2026-12-04T09:30:00.000Z', vote: '2026-12-04T10:30:00.000Z', deploy: '2026-12-04T11:30:00.000Z', nextCut: '2026-12-07T09:30:00.000Z' };
const THU = { cut: '2026-12-03T09:30:00.000Z', vote: '2026-12-03T10:30:00.000Z', deploy: '2026-12-03T11:30:00.000Z', nextCut: FRI.cut };

describe('train calendar: Asia/Kolkata weekdays, cut 15:00, vote 16:00, deploy 17:00, grace 1h', () => {
  dayTable([
    { name: 'at 15:00 IST the cut is due, the rest waits', spec: dailyTrain(), now: FRI.cut, day: FRI, timing: ['due', 'waiting', 'waiting'] },
    { name: 'a millisecond before 15:00 IST it is still the day before, all missed', spec: dailyTrain(), now: '2026-12-04T09:29:59.999Z', day: THU, timing: ['missed', 'missed', 'missed'] },
    { name: 'the cut is due until the last millisecond of its grace', spec: dailyTrain(), now: '2026-12-04T10:29:59.999Z', day: FRI, timing: ['due', 'waiting', 'waiting'] },
    { name: 'at 16:00 IST the cut is missed (if it did not run) and the vote due', spec: dailyTrain(), now: FRI.vote, day: FRI, timing: ['missed', 'due', 'waiting'] },
    { name: 'at 17:00 IST the deploy is due', spec: dailyTrain(), now: FRI.deploy, day: FRI, timing: ['missed', 'missed', 'due'] },
    { name: 'at 18:00 IST the deploy grace is over', spec: dailyTrain(), now: '2026-12-04T12:30:00.000Z', day: FRI, timing: ['missed', 'missed', 'missed'] },
    { name: 'Saturday and Sunday belong to Friday: no train runs', spec: dailyTrain(), now: '2026-12-06T10:00:00.000Z', day: FRI, timing: ['missed', 'missed', 'missed'] },
    {
      name: 'Monday 15:00 IST starts the next day',
      spec: dailyTrain(),
      now: '2026-12-07T09:30:00.000Z',
      day: { cut: '2026-12-07T09:30:00.000Z', vote: '2026-12-07T10:30:00.000Z', deploy: '2026-12-07T11:30:00.000Z', nextCut: '2026-12-08T09:30:00.000Z' },
      timing: ['due', 'waiting', 'waiting'],
    },
    {
      name: 'a 2h grace lets the cut and the vote both be due at 16:30',
      spec: dailyTrain({ graceSeconds: 2 * H }),
      now: '2026-12-04T11:00:00.000Z',
      day: FRI,
      timing: ['due', 'due', 'waiting'],
    },
    {
      name: 'a grace longer than the day ends at the next cut',
      spec: dailyTrain({ graceSeconds: 96 * H }),
      now: '2026-12-07T09:29:59.999Z',
      day: FRI,
      timing: ['due', 'due', 'due'],
    },
    {
      name: 'a vote cron that ticks only after the next cut leaves the day without a vote; the deploy follows the cut',
      spec: dailyTrain({ vote: '0 16 * * 1' }),
      now: '2026-12-08T10:00:00.000Z',
      day: { cut: '2026-12-08T09:30:00.000Z', vote: null, deploy: '2026-12-08T11:30:00.000Z', nextCut: '2026-12-09T09:30:00.000Z' },
      timing: ['due', 'none', 'waiting'],
    },
    {
      name: 'steps at the same minute are all due at once',
      spec: dailyTrain({ vote: '0 15 * * 1-5', deploy: '0 15 * * 1-5' }),
      now: FRI.cut,
      day: { ...FRI, vote: FRI.cut, deploy: FRI.cut },
      timing: ['due', 'due', 'due'],
    },
  ]);

  it('the next day after Friday 17:00 is Monday', () => {
    const next = trainCalendar(dailyTrain()).dayAfter(ms(FRI.deploy));
    assert.deepEqual([iso(next?.cutAt ?? null), iso(next?.voteAt ?? null), iso(next?.deployAt ?? null)], ['2026-12-07T09:30:00.000Z', '2026-12-07T10:30:00.000Z', '2026-12-07T11:30:00.000Z']);
  });

  it('the next day seen exactly at a cut is the following one', () => {
    assert.equal(iso(trainCalendar(dailyTrain()).dayAfter(ms(FRI.cut))?.cutAt ?? null), '2026-12-07T09:30:00.000Z');
  });
});

describe('train calendar: Europe/Paris across the October DST change', () => {
  const paris = dailyTrain({ timezone: 'Europe/Paris' });
  dayTable([
    {
      name: 'Friday before the change: 15:00 CEST is 13:00Z',
      spec: paris,
      now: '2026-10-23T14:00:00.000Z',
      day: { cut: '2026-10-23T13:00:00.000Z', vote: '2026-10-23T14:00:00.000Z', deploy: '2026-10-23T15:00:00.000Z', nextCut: '2026-10-26T14:00:00.000Z' },
      timing: ['missed', 'due', 'waiting'],
    },
    {
      name: 'Monday after the change: 15:00 CET is 14:00Z; 13:59Z is still Friday',
      spec: paris,
      now: '2026-10-26T13:59:00.000Z',
      day: { cut: '2026-10-23T13:00:00.000Z', vote: '2026-10-23T14:00:00.000Z', deploy: '2026-10-23T15:00:00.000Z', nextCut: '2026-10-26T14:00:00.000Z' },
      timing: ['missed', 'missed', 'missed'],
    },
    {
      name: 'Monday after the change at 17:00 CET (16:00Z) deploys',
      spec: paris,
      now: '2026-10-26T16:00:00.000Z',
      day: { cut: '2026-10-26T14:00:00.000Z', vote: '2026-10-26T15:00:00.000Z', deploy: '2026-10-26T16:00:00.000Z', nextCut: '2026-10-27T14:00:00.000Z' },
      timing: ['missed', 'missed', 'due'],
    },
    {
      name: 'a 02:30 cut on the night 02:30 happens twice runs once: the second 02:30 is the same day',
      spec: dailyTrain({ timezone: 'Europe/Paris', cut: '30 2 * * *', vote: '0 3 * * *', deploy: '0 4 * * *' }),
      now: '2026-10-25T01:30:00.000Z',
      day: { cut: '2026-10-25T00:30:00.000Z', vote: '2026-10-25T02:00:00.000Z', deploy: '2026-10-25T03:00:00.000Z', nextCut: '2026-10-26T01:30:00.000Z' },
      timing: ['missed', 'waiting', 'waiting'],
    },
  ]);
});

describe('train calendar: freezes', () => {
  const yearEnd = dailyTrain({ freezes: [{ from: '2026-12-24T00:00:00.000Z', to: '2027-01-04T00:00:00.000Z', reason: 'year-end freeze' }] });
  const deployOnly = dailyTrain({ freezes: [{ from: '2026-12-04T11:00:00.000Z', to: '2026-12-04T12:00:00.000Z', reason: 'datacenter move' }] });
  const endsAtCut = dailyTrain({ freezes: [{ from: '2026-12-04T00:00:00.000Z', to: FRI.cut, reason: 'night work' }] });

  const frozen = (spec: TrainSpec, now: string) => {
    const calendar = trainCalendar(spec);
    return calendar.plan(calendar.dayAt(ms(now))!, ms(now)).map((s) => (s.frozen === null ? null : `${s.frozen.reason} until ${iso(s.frozen.until)}`));
  };

  const cases: { name: string; spec: TrainSpec; now: string; expected: (string | null)[] }[] = [
    { name: 'every step of a day inside the freeze is frozen', spec: yearEnd, now: '2026-12-24T09:30:00.000Z', expected: Array(3).fill('year-end freeze until 2027-01-04T00:00:00.000Z') },
    { name: 'a day before the freeze is not', spec: yearEnd, now: '2026-12-23T09:30:00.000Z', expected: [null, null, null] },
    { name: 'a freeze over the deploy time freezes the deploy alone', spec: deployOnly, now: FRI.cut, expected: [null, null, 'datacenter move until 2026-12-04T12:00:00.000Z'] },
    { name: 'a freeze ending at the cut does not freeze it (the end is not part of it)', spec: endsAtCut, now: FRI.cut, expected: [null, null, null] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(frozen(c.spec, c.now), c.expected));

  it('says whether a moment is frozen, and until when', () => {
    const calendar = trainCalendar(yearEnd);
    assert.deepEqual(calendar.freezeAt(ms('2026-12-31T12:00:00Z')), { reason: 'year-end freeze', until: ms('2027-01-04T00:00:00Z') });
    assert.equal(calendar.freezeAt(ms('2027-01-04T00:00:00Z')), null);
  });
});

describe('train calendar: properties', () => {
  it('the day of any moment starts at or before it and ends after it; its steps keep their order', () => {
    const calendar = trainCalendar(dailyTrain());
    const start = ms('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 86_400_000 }), (offset) => {
        const now = start + offset;
        const day = calendar.dayAt(now)!;
        assert.ok(day.cutAt <= now && now < day.nextCutAt!);
        assert.ok(day.cutAt <= day.voteAt! && day.voteAt! <= day.deployAt! && day.deployAt! < day.nextCutAt!);
        const timings = calendar.plan(day, now).map((s) => s.timing);
        assert.equal(timings.filter((t) => t === 'due').length <= 1, true, 'with a 1h grace and 1h apart, at most one step is due');
        assert.deepEqual(calendar.dayAfter(now)?.cutAt, day.nextCutAt);
      }),
      { numRuns: 200 },
    );
  });
});

describe('zoned time', () => {
  const friDeploy = ms(FRI.deploy);
  const cases: [string, string, string][] = [
    [zonedMoment(friDeploy, 'Asia/Kolkata'), 'Fri 4 Dec 2026 at 17:00 Asia/Kolkata', 'a moment'],
    [zonedDate(friDeploy, 'UTC'), 'Fri 4 Dec 2026', 'a date'],
    [zonedTime(friDeploy, 'UTC'), '11:30', 'a time'],
    [zonedTime(ms('2026-10-26T16:00:00Z'), 'Europe/Paris'), '17:00', 'a time after the change'],
    [zonedTime(ms('2026-12-04T18:30:00Z'), 'Asia/Kolkata'), '00:00', 'midnight is 00:00'],
    [zonedTimeNear(ms(FRI.vote), friDeploy, 'Asia/Kolkata'), '16:00', 'the same day says the time alone'],
    [zonedTimeNear(ms(THU.vote), friDeploy, 'Asia/Kolkata'), 'Thu 3 Dec 2026 16:00', 'another day says its date'],
  ];
  for (const [actual, expected, name] of cases) it(name, () => assert.equal(actual, expected));
});
