import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageResult } from '../builds/build-types.ts';
import { CHANNEL_RULE, type ChannelInput, channelOf } from './channel.ts';
import type { Channel, ReleaseState, RingProgress, RolloutState } from './release-types.ts';

const RINGS = ['dev', 'internal', 'early-adopters', 'production'];
const progress = (...states: (RolloutState | null)[]): RingProgress[] =>
  RINGS.map((ring, i) => ({ ring, state: states[i] ?? null, startedAt: null, finishedAt: null, failures: 0 }));

const passedTests: StageResult = { name: 'unit-tests', status: 'passed', tests: { passed: 10, failed: 0, skipped: 1 } };
const failedTests: StageResult = { name: 'unit-tests', status: 'passed', tests: { passed: 9, failed: 1, skipped: 0 } };
const green = { green: true, stages: [passedTests] };
const red = { green: false, stages: [{ name: 'build', status: 'failed' } as StageResult] };
const greenButFailing = { green: true, stages: [failedTests] };

describe('channelOf', () => {
  const cases: { name: string; state: ReleaseState; blessedAt?: string; progress?: RingProgress[]; builds?: ChannelInput['builds']; channel: Channel }[] = [
    { name: 'a fresh candidate is alpha', state: 'candidate', channel: 'alpha' },
    { name: 'succeeded in one ring: alpha', state: 'in-progress', progress: progress('succeeded', 'deploying'), channel: 'alpha' },
    { name: 'succeeded in two rings: beta', state: 'in-progress', progress: progress('succeeded', 'succeeded'), channel: 'beta' },
    { name: 'two rings but a red build: alpha', state: 'in-progress', progress: progress('succeeded', 'succeeded'), builds: [green, red], channel: 'alpha' },
    { name: 'two rings but failed tests in a green build: alpha', state: 'in-progress', progress: progress('succeeded', 'succeeded'), builds: [greenButFailing], channel: 'alpha' },
    { name: 'blessed (by blessedAt) and clean: stable', state: 'in-progress', blessedAt: '2026-11-23T10:00:00.000Z', progress: progress('succeeded'), channel: 'stable' },
    { name: 'state blessed and clean: stable', state: 'blessed', progress: progress('succeeded', 'succeeded', 'succeeded'), channel: 'stable' },
    { name: 'done and clean: stable', state: 'done', progress: progress('succeeded', 'succeeded', 'succeeded', 'succeeded'), channel: 'stable' },
    { name: 'blessed but with failed tests: alpha', state: 'blessed', blessedAt: '2026-11-23T10:00:00.000Z', builds: [greenButFailing], channel: 'alpha' },
    { name: 'rejected after being blessed: alpha', state: 'rejected', blessedAt: '2026-11-23T10:00:00.000Z', progress: progress('succeeded', 'succeeded', 'succeeded'), channel: 'alpha' },
    { name: 'rejected after two rings: alpha', state: 'rejected', progress: progress('succeeded', 'succeeded'), channel: 'alpha' },
    { name: 'superseded after being blessed stays stable', state: 'superseded', blessedAt: '2026-11-23T10:00:00.000Z', channel: 'stable' },
    { name: 'halted and rolled-back rings do not count as succeeded', state: 'in-progress', progress: progress('succeeded', 'halted', 'rolled-back'), channel: 'alpha' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const input: ChannelInput = { state: c.state, blessedAt: c.blessedAt ?? null, progress: c.progress ?? progress(), builds: c.builds ?? [green] };
      assert.equal(channelOf(input), c.channel);
    });
  }

  it('explains the rule in one paragraph naming every channel', () => {
    assert.ok(!CHANNEL_RULE.includes('\n'));
    for (const channel of ['alpha', 'beta', 'stable']) assert.ok(CHANNEL_RULE.includes(channel), channel);
  });
});
