import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, didYouMean, editDistance, quotedList } from './suggest.ts';

describe('suggestions', () => {
  it('measures edits', () => {
    assert.equal(editDistance('dependOn', 'dependsOn'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('QA', 'qa'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests only close candidates', () => {
    assert.equal(closest('dependOn', ['name', 'dependsOn', 'metadata']), 'dependsOn');
    assert.equal(closest('xyz', ['name', 'dependsOn']), null);
    assert.equal(closest('ab', ['cd']), null);
    assert.equal(didYouMean('sre', ['sres']), " (did you mean 'sres'?)");
    assert.equal(didYouMean('zzz', ['sre']), '');
  });

  it('lists values', () => {
    assert.equal(quotedList(['a', 'b', 'c']), "'a', 'b' or 'c'");
    assert.equal(quotedList(['a']), "'a'");
  });
});
