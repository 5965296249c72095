import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldRoles, holdersText, personOf, rolesWithHolders } from './role-rules.ts';

const ROLES = { qa: ['carol'], sre: ['dave', 'sam'], product: ['pat'] };

describe('who holds a role', () => {
  const cases: { name: string; user: string; globalRole: string | null; candidates: string[]; held: string[] }[] = [
    { name: 'named in the product file', user: 'carol', globalRole: 'viewer', candidates: ['qa', 'sre'], held: ['qa'] },
    { name: 'by their own role, though the file names others', user: 'erin', globalRole: 'sre', candidates: ['qa', 'sre'], held: ['sre'] },
    { name: 'several, in the order asked', user: 'sam', globalRole: 'qa', candidates: ['sre', 'product', 'qa'], held: ['sre', 'qa'] },
    { name: 'none: an admin is not every role', user: 'root', globalRole: 'admin', candidates: ['qa', 'sre', 'product'], held: [] },
    { name: 'none without a role (a CI token)', user: 'ci', globalRole: null, candidates: ['qa'], held: [] },
    { name: 'a role nobody is named for', user: 'mia', globalRole: 'module-lead', candidates: ['module-lead'], held: ['module-lead'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(heldRoles(ROLES, c.user, c.globalRole, c.candidates), c.held));
  }

  it('names holders for messages', () => {
    assert.equal(holdersText([]), 'nobody');
    assert.equal(holdersText(['dave', 'sam']), 'dave, sam');
    assert.equal(rolesWithHolders(['qa', 'sre', 'module-lead'], ROLES), 'qa (carol), sre (dave, sam), module-lead (nobody)');
  });

  it('finds the person behind an actor', () => {
    assert.equal(personOf('user:carol'), 'carol');
    assert.equal(personOf('ci:shop-ci'), null);
    assert.equal(personOf('agent:edge-1'), null);
  });
});
