/** The release train in words: crons, steps, where the day stands, times in the train's zone and the reader's. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bothZones, describeCron, formatInZone, stepLabel, stepOutcome, type StepView, trainDate, trainStanding } from '../../web/src/train/train-words.ts';

describe('describeCron', () => {
  const table: [string, string][] = [
    ['0 15 * * 1-5', 'weekdays at 15:00'],
    ['30 9 * * *', 'every day at 09:30'],
    ['0 2 * * 0', 'Sundays at 02:00'],
    ['0 2 * * 7', 'Sundays at 02:00'],
    ['0 17 * * 1,3,5', 'Monday, Wednesday and Friday at 17:00'],
    ['0 17 * * MON-FRI', 'weekdays at 17:00'],
    ['0 10 * * 6,0', 'weekends at 10:00'],
    ['0 17 * * tue', 'Tuesdays at 17:00'],
    ['*/15 * * * *', 'cron “*/15 * * * *”'],
    ['0 17 1 * *', 'cron “0 17 1 * *”'],
    ['0 17 * * 5-1', 'cron “0 17 * * 5-1”'],
    ['0 17 * *', 'cron “0 17 * *”'],
  ];
  for (const [cron, expected] of table) {
    it(`${cron} → ${expected}`, () => assert.equal(describeCron(cron), expected));
  }
});

function step(name: StepView['step'], state: StepView['state'], outcome = '', version: string | null = null): StepView {
  return { step: name, dueAt: '2026-12-04T09:30:00Z', state, outcome, version };
}

describe('steps', () => {
  it('names each step', () => {
    assert.deepEqual(
      (['cut', 'vote', 'deploy'] as const).map((s) => stepLabel(s, 'production')),
      ['Cut a candidate', 'Open the Go/No-Go', 'Deploy to production'],
    );
  });

  it("says the server's outcome, or what its state means when there is none", () => {
    assert.equal(stepOutcome(step('cut', 'done', 'cut 1.5.0 from main')), 'cut 1.5.0 from main');
    assert.equal(stepOutcome(step('vote', 'waiting')), 'not yet: it runs at its time');
    assert.equal(stepOutcome(step('deploy', 'running', '  ')), 'running now');
  });
});

describe('trainStanding', () => {
  const table: [string, StepView[], { tone: string; text: string; next: StepView['step'] | null }][] = [
    ['no steps', [], { tone: 'never', text: 'No train runs today.', next: null }],
    ['before the cut', [step('cut', 'waiting'), step('vote', 'waiting'), step('deploy', 'waiting')], { tone: 'waiting', text: 'Next: cut a candidate.', next: 'cut' }],
    ['cut, vote next', [step('cut', 'done', 'cut 1.5.0', '1.5.0'), step('vote', 'waiting'), step('deploy', 'waiting')], { tone: 'waiting', text: 'Next: open the Go/No-Go.', next: 'vote' }],
    ['a step running', [step('cut', 'done'), step('vote', 'running')], { tone: 'running', text: 'Open the Go/No-Go: running now.', next: 'vote' }],
    [
      'stopped by a failure',
      [step('cut', 'done'), step('vote', 'done'), step('deploy', 'failed', 'vote: qa (quinn) voted no-go: load test failed')],
      { tone: 'failed', text: 'Stopped at “Deploy to production”: vote: qa (quinn) voted no-go: load test failed', next: null },
    ],
    ['skipped, nothing after', [step('cut', 'skipped', 'frozen: year end')], { tone: 'skipped', text: 'Over for the day: “Cut a candidate” was skipped: frozen: year end', next: null }],
    [
      'skipped, more to come',
      [step('cut', 'skipped', 'missed'), step('vote', 'waiting')],
      { tone: 'waiting', text: 'Next: open the Go/No-Go (“Cut a candidate” was skipped: missed).', next: 'vote' },
    ],
    ['done', [step('cut', 'done', '', '1.5.0'), step('vote', 'done'), step('deploy', 'done')], { tone: 'done', text: 'Done for the day: 1.5.0 went to production.', next: null }],
  ];
  for (const [name, steps, expected] of table) {
    it(name, () => {
      const standing = trainStanding(steps, 'production');
      assert.deepEqual({ tone: standing.tone, text: standing.text, next: standing.next?.step ?? null }, expected);
    });
  }
});

describe('times in zones', () => {
  const at = '2026-12-04T09:30:00Z';

  it("shows a moment on the train's clock", () => {
    assert.equal(formatInZone(at, 'Asia/Kolkata'), 'Fri 4 Dec, 15:00');
    assert.equal(trainDate(at, 'Asia/Kolkata'), 'Fri, 4 Dec 2026');
    assert.equal(trainDate('2026-12-04T20:00:00Z', 'Asia/Kolkata'), 'Sat, 5 Dec 2026', "the train's date, not UTC's");
  });

  it("adds the reader's time when their zone shows another", () => {
    assert.equal(bothZones(at, 'Asia/Kolkata', 'Europe/Berlin'), 'Fri 4 Dec, 15:00 Asia/Kolkata (Fri 4 Dec, 10:30 your time)');
    assert.equal(bothZones(at, 'Asia/Kolkata', 'Asia/Kolkata'), 'Fri 4 Dec, 15:00 Asia/Kolkata');
    assert.equal(bothZones(at, 'Europe/London', 'UTC'), 'Fri 4 Dec, 09:30 Europe/London', 'the same clock in winter');
  });
});
