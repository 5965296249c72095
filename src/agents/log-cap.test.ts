import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capLog, LOG_CUT_LINE, MAX_PULL_LOG_CHARS } from './log-cap.ts';

const chunk = (seq: number, chars: number) => ({ seq, text: 'x'.repeat(chars) });

describe('capLog', () => {
  it('keeps chunks while they fit, exactly up to the cap', () => {
    const kept = capLog([chunk(1, 10), chunk(2, MAX_PULL_LOG_CHARS - 10)], { chars: 0, cut: false });
    assert.deepEqual(kept.map((c) => c.text.length), [10, MAX_PULL_LOG_CHARS - 10]);
  });

  it('replaces the first chunk that does not fit by the cut line, and keeps nothing after it', () => {
    const kept = capLog([chunk(7, 5), chunk(8, 10), chunk(9, 1)], { chars: MAX_PULL_LOG_CHARS - 10, cut: false });
    assert.deepEqual(kept, [{ seq: 7, text: 'xxxxx' }, { seq: 8, text: LOG_CUT_LINE }]);
  });

  it('keeps nothing once the log was cut, however small', () => {
    assert.deepEqual(capLog([chunk(3, 1)], { chars: 100, cut: true }), []);
  });

  it('keeps everything of a short log', () => {
    assert.deepEqual(capLog([chunk(1, 3), chunk(2, 4)], { chars: 0, cut: false }), [chunk(1, 3), chunk(2, 4)]);
  });
});
