import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../platform/errors/errors.ts';
import { DEFAULT_ROLLOUT, type RingSpec } from '../products/product-spec.ts';
import { gateOf, ringNamed } from './ring-named.ts';

const ring = (name: string, gates: RingSpec['gates'] = []): RingSpec => ({ name, description: '', gates, rollout: DEFAULT_ROLLOUT });
const product = {
  name: 'shop',
  rings: [ring('dev'), ring('production', [{ kind: 'blessed' }, { kind: 'vote', roles: ['qa'], veto: [], quorum: 1, deadlineSeconds: null }])],
};

describe('ringNamed and gateOf', () => {
  it('finds a ring and its position', () => {
    const found = ringNamed(product, 'production');
    assert.equal(found.index, 1);
    assert.equal(found.ring.name, 'production');
  });

  it('says which rings exist, with a hint for a typo', () => {
    assert.throws(() => ringNamed(product, 'prodution'), (e: unknown) => e instanceof NotFoundError && e.message === "shop has no ring 'prodution' (did you mean 'production'?); rings are dev, production");
    assert.throws(() => ringNamed({ name: 'empty', rings: [] }, 'dev'), /empty has no ring 'dev'; rings are none/);
  });

  it("finds a ring's gate of a kind, or none", () => {
    assert.deepEqual(gateOf(product.rings[1]!, 'vote'), { kind: 'vote', roles: ['qa'], veto: [], quorum: 1, deadlineSeconds: null });
    assert.equal(gateOf(product.rings[1]!, 'checklist'), undefined);
    assert.equal(gateOf(product.rings[0]!, 'vote'), undefined);
  });
});
