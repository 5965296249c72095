import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { acknowledgeLog, LOG_CHUNK_CHARS, type LogState, splitText, takeLog } from './log-queue.ts';

const fresh = (pendingLog = ''): LogState => ({ nextLogSeq: 3, unsentLog: [], pendingLog });

describe('the log queue', () => {
  it('numbers pending text from nextLogSeq and forgets what the server took', () => {
    const state = fresh('one\n');
    const batch = takeLog(state);
    assert.deepEqual(batch, [{ seq: 3, text: 'one\n' }]);
    acknowledgeLog(state, batch);
    assert.deepEqual(state, { nextLogSeq: 4, unsentLog: [], pendingLog: '' });
    assert.deepEqual(takeLog(state), []);
  });

  it('resends an unacknowledged chunk with the same seq, holding new text back until it is taken', () => {
    const state = fresh('one\n');
    takeLog(state); // the send fails
    state.pendingLog += 'two\n';
    assert.deepEqual(takeLog(state), [{ seq: 3, text: 'one\n' }]);
    state.pendingLog += 'three\n';
    assert.deepEqual(takeLog(state), [{ seq: 3, text: 'one\n' }], 'an outage grows the pending text, not the chunks');
    acknowledgeLog(state, [{ seq: 3, text: 'one\n' }]);
    assert.deepEqual(takeLog(state), [{ seq: 4, text: 'two\nthree\n' }]);
  });

  it('takes everything for the finish report', () => {
    const state = fresh('one\n');
    takeLog(state);
    state.pendingLog = 'two\n';
    assert.deepEqual(takeLog(state, { all: true }), [{ seq: 3, text: 'one\n' }, { seq: 4, text: 'two\n' }]);
  });

  it('cuts long text into chunks the server takes', () => {
    const state = fresh('x'.repeat(LOG_CHUNK_CHARS * 2 + 5));
    const batch = takeLog(state);
    assert.deepEqual(batch.map((c) => [c.seq, c.text.length]), [[3, LOG_CHUNK_CHARS], [4, LOG_CHUNK_CHARS], [5, 5]]);
  });

  it('splits text into pieces that join back, without halving a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 2, max: 20 }), (text, size) => {
        const pieces = splitText(text, size);
        assert.equal(pieces.join(''), text);
        for (const piece of pieces) {
          assert.ok(piece.length >= 1 && piece.length <= size);
          const last = piece.charCodeAt(piece.length - 1);
          if (piece !== pieces[pieces.length - 1]) assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'no piece ends in half a character');
        }
      }),
    );
  });
});
