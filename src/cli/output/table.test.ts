import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable } from './table.ts';

describe('formatTable', () => {
  it('aligns columns under upper-case headers without trailing spaces', () => {
    const text = formatTable(['name', 'ring', 'window'], [
      ['dev-cluster', 'dev', ''],
      ['acme-onprem', 'on-premises', '0 2 * * 0'],
    ]);
    assert.equal(text, [
      'NAME          RING          WINDOW',
      'dev-cluster   dev',
      'acme-onprem   on-premises   0 2 * * 0',
      '',
    ].join('\n'));
  });

  it('right-aligns columns that ask for it', () => {
    const text = formatTable(['name', { header: 'users', align: 'right' }, 'ring'], [
      ['a', '25', 'dev'],
      ['b', '52000', 'production'],
    ]);
    assert.equal(text, 'NAME   USERS   RING\na         25   dev\nb      52000   production\n');
  });

  it('counts code points, not UTF-16 units, and defuses control characters', () => {
    const text = formatTable(['rollout', 'x'], [['5% → 100%', '1'], ['\u001b[2Jboom\nline', '2']]);
    assert.equal(text, 'ROLLOUT         X\n5% → 100%       1\n?[2Jboom line   2\n');
  });

  it('prints only the header for no rows', () => {
    assert.equal(formatTable(['a', 'b'], []), 'A   B\n');
  });
});
