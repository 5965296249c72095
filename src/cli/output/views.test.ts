import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FleetRow, Token } from '../../client/api-types.ts';
import { applySummary, shortTime, targetsTable, tokensTable } from './views.ts';

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
  it("shows a pull target's agent and when its maintenance window next opens", () => {
    const push: FleetRow = {
      name: 'hosted-eu', ring: 'production', hosting: 'hosted', delivery: 'push', users: 500, labels: {}, config: {}, maintenanceWindow: null, deploy: null,
      status: 'ok', release: { version: '2.3.0', since: '2026-11-20T10:00:00.000Z' }, previousGood: null, lastDeployment: null, agent: null, nextWindowAt: null,
    } as unknown as FleetRow;
    const agent = { version: '0.9.0', hostname: 'acme-1', lastContactAt: '2026-11-23T08:59:58.120Z', reachable: true, health: 'healthy' as const, healthDetail: null };
    const window = { cron: '0 2 * * 0', timezone: 'America/Chicago', durationSeconds: 7200 };
    const rows: FleetRow[] = [
      push,
      { ...push, name: 'acme', ring: 'on-premises', hosting: 'on-prem', delivery: 'pull', users: 1200, status: 'deploying', agent, maintenanceWindow: window, nextWindowAt: '2026-11-29T08:00:00.000Z' },
      { ...push, name: 'globex', ring: 'on-premises', hosting: 'on-prem', delivery: 'pull', status: 'never', release: null, agent: { ...agent, version: null, lastContactAt: null, reachable: false }, maintenanceWindow: window, nextWindowAt: null },
      { ...push, name: 'initech', ring: 'on-premises', hosting: 'on-prem', delivery: 'pull', agent: { ...agent, reachable: false }, maintenanceWindow: { ...window, cron: '0 0 30 2 *' }, nextWindowAt: 'never' },
    ];
    assert.equal(targetsTable(rows), [
      'NAME        RING          HOSTING   DELIVERY   USERS   STATUS      RELEASE   AGENT         AGENT VERSION   LAST CONTACT           WINDOW                          NEXT WINDOW',
      'hosted-eu   production    hosted    push         500   ok          2.3.0     -             -               -                      -                               -',
      'acme        on-premises   on-prem   pull        1200   deploying   2.3.0     reachable     0.9.0           2026-11-23T08:59:58Z   0 2 * * 0 America/Chicago 2h    2026-11-29T08:00:00Z',
      'globex      on-premises   on-prem   pull         500   never       -         unreachable   -               never                  0 2 * * 0 America/Chicago 2h    open now',
      'initech     on-premises   on-prem   pull         500   ok          2.3.0     unreachable   0.9.0           2026-11-23T08:59:58Z   0 0 30 2 * America/Chicago 2h   never',
      '',
    ].join('\n'));
  });
});
