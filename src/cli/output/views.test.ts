import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Token } from '../../client/api-types.ts';
import { applySummary, shortTime, tokensTable } from './views.ts';

describe('views', () => {
  it('summarises an apply by action', () => {
    const changes = [
      { action: 'create' as const, kind: 'target', name: 'a', fields: [] },
      { action: 'create' as const, kind: 'target', name: 'b', fields: [] },
      { action: 'update' as const, kind: 'ring', name: 'dev', fields: ['gates'] },
      { action: 'delete' as const, kind: 'target', name: 'c', fields: [] },
    ];
    assert.equal(applySummary({ product: 'p', dryRun: false, applied: true, changes }), 'applied p: 2 created, 1 updated, 1 deleted');
    assert.equal(applySummary({ product: 'p', dryRun: true, applied: false, changes }), 'dry run: would create 2, update 1, delete 1 in p; nothing applied');
    assert.equal(applySummary({ product: 'p', dryRun: false, applied: false, changes: [] }), 'no changes to p');
    assert.equal(applySummary({ product: 'p', dryRun: true, applied: false, changes: [] }), 'dry run: no changes to p');
  });

  it('shows times to the second and token status as of now', () => {
    assert.equal(shortTime('2026-11-23T13:35:52.219Z'), '2026-11-23T13:35:52Z');
    assert.equal(shortTime(null), '-');
    const base: Token = { id: 'i', name: 'n', kind: 'agent', user: null, product: 'p', target: 't', createdBy: 'user:admin', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-02-01T00:00:00.000Z', revokedAt: null, lastUsedAt: null };
    const text = tokensTable([base, { ...base, id: 'j', expiresAt: null, revokedAt: '2026-01-02T00:00:00.000Z' }], new Date('2026-03-01T00:00:00Z'));
    assert.match(text, /^i\s+n\s+agent\s+p\/t\s+2026-02-01T00:00:00Z\s+-\s+expired$/m);
    assert.match(text, /^j\s+n\s+agent\s+p\/t\s+-\s+-\s+revoked$/m);
  });
});
