import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainStatus } from '../../client/api-types.ts';
import { dailyTrain } from '../../train/testing/daily-train.ts';
import { trainReport } from './train-report.ts';

const train: NonNullable<TrainStatus['train']> = dailyTrain();

const status: TrainStatus = {
  train,
  timezone: 'Asia/Kolkata',
  frozen: null,
  today: {
    day: '2026-12-04T09:30:00.000Z',
    steps: [
      { step: 'cut', dueAt: '2026-12-04T09:30:00.000Z', state: 'done', outcome: 'cut 1.5.0: api 1.1.0', version: '1.5.0' },
      { step: 'vote', dueAt: '2026-12-04T10:30:00.000Z', state: 'done', outcome: 'opened the Go/No-Go on 1.5.0 for production, closing at 17:00 Asia/Kolkata', version: '1.5.0' },
      { step: 'deploy', dueAt: '2026-12-04T11:30:00.000Z', state: 'waiting', outcome: 'at 17:00 Asia/Kolkata', version: null },
    ],
  },
  next: { cutAt: '2026-12-07T09:30:00.000Z', voteAt: '2026-12-07T10:30:00.000Z', deployAt: '2026-12-07T11:30:00.000Z' },
  recent: [
    {
      day: '2026-12-03T09:30:00.000Z',
      steps: [
        { step: 'cut', dueAt: '2026-12-03T09:30:00.000Z', state: 'done', outcome: 'cut 1.4.0', version: '1.4.0' },
        { step: 'vote', dueAt: '2026-12-03T10:30:00.000Z', state: 'done', outcome: 'opened', version: '1.4.0' },
        { step: 'deploy', dueAt: '2026-12-03T11:30:00.000Z', state: 'failed', outcome: 'did not go: vote: qa (quinn) voted no-go: load test failed', version: '1.4.0' },
      ],
    },
  ],
};

describe('train report', () => {
  it("prints today's schedule in the train's zone, where it stands, the next day and the recent days", () => {
    const text = trainReport('daily-train', status);
    assert.match(text, /^daily-train train to production: cut "0 15 \* \* 1-5", Go\/No-Go "0 16 \* \* 1-5", deploy "0 17 \* \* 1-5" \(Asia\/Kolkata\)$/m);
    assert.match(text, /^today, Fri 4 Dec 2026 \(Asia\/Kolkata\): vote done; next: deploy at 17:00$/m);
    assert.match(text, /^STEP\s+AT\s+STATE\s+VERSION\s+OUTCOME$/m);
    assert.match(text, /^cut\s+15:00\s+done\s+1\.5\.0\s+cut 1\.5\.0: api 1\.1\.0$/m);
    assert.match(text, /^deploy\s+17:00\s+waiting\s+-\s+at 17:00 Asia\/Kolkata$/m);
    assert.match(text, /^next: Mon 7 Dec 2026: cut 15:00, Go\/No-Go 16:00, deploy 17:00$/m);
    assert.match(text, /^Thu 3 Dec 2026\s+1\.4\.0\s+done\s+done\s+failed\s+did not go: vote: qa \(quinn\) voted no-go: load test failed$/m);
    assert.doesNotMatch(text, /FROZEN/);
  });

  it('says when the train is frozen and waiting for its cut', () => {
    const waiting = status.today!.steps.map((s) => ({ ...s, state: 'waiting' as const, version: null }));
    const text = trainReport('daily-train', { ...status, frozen: { reason: 'year end', until: '2027-01-03T18:30:00.000Z' }, today: { ...status.today!, steps: waiting }, recent: [] });
    assert.match(text, /^FROZEN: year end until Mon 4 Jan 2027 at 00:00 Asia\/Kolkata$/m);
    assert.match(text, /: waiting for the cut at 15:00$/m);
    assert.doesNotMatch(text, /recent days/);
  });

  it('says how to start a train when there is none', () => {
    const text = trainReport('shop', { train: null, timezone: 'UTC', frozen: null, today: null, next: null, recent: [] });
    assert.equal(text, 'shop runs no release train: add `train:` to its product file\n');
  });
});
