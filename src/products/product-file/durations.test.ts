import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './durations.ts';

describe('durations', () => {
  const table: [string, number | null][] = [
    ['90s', 90], ['10m', 600], ['1h30m', 5400], ['2d', 172_800], ['1d2h3m4s', 93_784], ['0s', 0], ['24h', 86_400],
    ['', null], ['24', null], ['1h 30m', null], ['30m1h', null], ['1.5h', null], ['-1h', null], ['1H', null], ['1w', null], ['99999999999999999999d', null],
  ];
  for (const [text, seconds] of table) {
    it(`'${text}' → ${seconds}`, () => assert.equal(parseDuration(text), seconds));
  }

  it('formats the shortest text', () => {
    assert.equal(formatDuration(5400), '1h30m');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(86_401), '1d1s');
  });

  it('reads back what it formats', () => {
    fc.assert(fc.property(fc.nat(10 * 365 * 86_400), (seconds) => parseDuration(formatDuration(seconds)) === seconds));
  });
});
