/**
 * On a real server nobody calls the upkeep: its timers fan events out to
 * notifiers and send them. Tests run it by hand elsewhere; this one leaves it
 * to the timer.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { notifyProduct, startReceiver, type TestReceiver } from '../people/notification-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`background upkeep [${dialect}]`, () => {
    let t: TestApp;
    let receiver: TestReceiver;
    before(async () => {
      receiver = await startReceiver();
      t = await createTestApp(dialect, { backgroundUpkeep: true });
    });
    after(async () => {
      await t.cleanup();
      await receiver.close();
    });

    it('sends a notifier its events without anyone calling the upkeep', async () => {
      const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: notifyProduct(receiver.port) } });
      assert.equal(applied.status, 200, applied.text);
      const event = await t.request('POST', '/api/products/daily-train/builds', {
        token: t.adminToken,
        body: { component: 'api', version: '1.0.0', commit: 'abc1234', stages: [{ name: 'build', status: 'passed' }] },
      });
      assert.equal(event.status, 201, event.text);
      // audit-hook hears rollout.*: a promotion into dev makes one.
      const release = await t.request('POST', '/api/products/daily-train/releases', { token: t.adminToken, body: { version: '1.0.0', builds: { api: '1.0.0' } } });
      assert.equal(release.status, 201, release.text);
      const promoted = await t.request('POST', '/api/products/daily-train/releases/1.0.0/promote', { token: t.adminToken, body: { ring: 'dev' } });
      assert.equal(promoted.status, 200, promoted.text);
      for (let i = 0; i < 100 && !receiver.requests.some((r) => r.path === '/audit'); i++) await sleep(100);
      const audit = receiver.requests.find((r) => r.path === '/audit');
      assert.ok(audit, 'the rollout.started event reached audit-hook within 10 s');
      assert.equal((JSON.parse(audit.body) as { type: string }).type, 'rollout.started');
    });
  });
}
