import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dailyTrain } from './testing/daily-train.ts';
import type { TrainRunsTable } from './train-types.ts';
import { trainView } from './train-view.ts';

const train = dailyTrain({ freezes: [{ from: '2026-12-24T00:00:00.000Z', to: '2027-01-04T00:00:00.000Z', reason: 'year end' }] });

const FRI = '2026-12-04T09:30:00.000Z';
const THU = '2026-12-03T09:30:00.000Z';

function run(day: string, step: string, dueAt: string, state: TrainRunsTable['state'], outcome: string, version: string | null): TrainRunsTable {
  return { id: `${day}-${step}`, product_id: 'p', day, step: step as TrainRunsTable['step'], due_at: dueAt, state, version, outcome, lease_owner: 'x', lease_expires_at: dueAt, started_at: dueAt, finished_at: state === 'running' ? null : dueAt };
}

const runs: TrainRunsTable[] = [
  run(THU, 'deploy', '2026-12-03T11:30:00.000Z', 'failed', 'did not go: vote: qa (quinn) voted no-go: load test failed', '1.4.0'),
  run(THU, 'cut', THU, 'done', 'cut 1.4.0: api 1.0.0', '1.4.0'),
  run(THU, 'vote', '2026-12-03T10:30:00.000Z', 'done', 'opened the Go/No-Go', '1.4.0'),
  run(FRI, 'cut', FRI, 'done', 'cut 1.5.0: api 1.1.0', '1.5.0'),
  run(FRI, 'vote', '2026-12-04T10:30:00.000Z', 'running', '', null),
  run(FRI, 'window-open:production', '2026-12-04T11:30:00.000Z', 'done', 'window opened', null),
];

describe('train view', () => {
  it("shows today's recorded steps, the ones to come with their local time, the next day and the days before", () => {
    const view = trainView(train, runs, new Date('2026-12-04T10:45:00.000Z'));
    assert.equal(view.timezone, 'Asia/Kolkata');
    assert.equal(view.frozen, null);
    assert.deepEqual(view.today, {
      day: FRI,
      steps: [
        { step: 'cut', dueAt: FRI, state: 'done', outcome: 'cut 1.5.0: api 1.1.0', version: '1.5.0' },
        { step: 'vote', dueAt: '2026-12-04T10:30:00.000Z', state: 'running', outcome: 'running now', version: null },
        { step: 'deploy', dueAt: '2026-12-04T11:30:00.000Z', state: 'waiting', outcome: 'at 17:00 Asia/Kolkata', version: null },
      ],
    });
    assert.deepEqual(view.next, { cutAt: '2026-12-07T09:30:00.000Z', voteAt: '2026-12-07T10:30:00.000Z', deployAt: '2026-12-07T11:30:00.000Z' });
    assert.deepEqual(view.recent.map((d) => [d.day, d.steps.map((s) => s.step)]), [[THU, ['cut', 'vote', 'deploy']]], 'steps in their order; window announcements left out');
  });

  it('says a step is due, or was missed, before any server recorded it', () => {
    const due = trainView(train, [], new Date(FRI));
    assert.deepEqual(due.today?.steps.map((s) => [s.step, s.state, s.outcome]), [
      ['cut', 'waiting', 'due now'],
      ['vote', 'waiting', 'at 16:00 Asia/Kolkata'],
      ['deploy', 'waiting', 'at 17:00 Asia/Kolkata'],
    ]);
    const late = trainView(train, [], new Date('2026-12-04T13:00:00.000Z'));
    assert.deepEqual([late.today?.steps[0]?.state, late.today?.steps[0]?.outcome], ['skipped', 'missed: nobody ran it between 15:00 and 16:00 Asia/Kolkata']);
  });

  it('steps due before the product was created were never the train’s to run: skipped, not waiting', () => {
    const view = trainView(train, [], new Date('2026-12-04T10:45:00.000Z'), Date.parse('2026-12-04T10:00:00.000Z'));
    assert.deepEqual(view.today?.steps.map((s) => [s.step, s.state, s.outcome]), [
      ['cut', 'skipped', 'not run: due before the product was created'],
      ['vote', 'waiting', 'due now'],
      ['deploy', 'waiting', 'at 17:00 Asia/Kolkata'],
    ]);
  });

  it('shows an active freeze', () => {
    const view = trainView(train, [], new Date('2026-12-28T10:00:00.000Z'));
    assert.deepEqual(view.frozen, { reason: 'year end', until: '2027-01-04T00:00:00.000Z' });
  });

  it('a product without a train keeps its record of past days', () => {
    const view = trainView(null, runs, new Date('2026-12-04T10:45:00.000Z'));
    assert.deepEqual({ ...view, recent: view.recent.map((d) => d.day) }, { train: null, timezone: 'UTC', frozen: null, today: null, next: null, recent: [FRI, THU] });
  });
});
