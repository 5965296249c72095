/**
 * `ringmaster get notifiers`, `get deliveries` and `delivery retry` against a
 * real server without SMTP settings: email shows switched off with the reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Json } from '../engine/engine-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { type CliRun, runCliAgainst } from './cli-runner.ts';
import { announce, notifyProduct, startReceiver, type TestReceiver } from './notification-fixture.ts';

describe('the notifier commands', () => {
  const clock = createTestClock('2026-11-23T09:00:00.000Z');
  let t: TestApp;
  let url: string;
  let hooks: TestReceiver;

  before(async () => {
    hooks = await startReceiver();
    hooks.answers['/dead'] = 500;
    t = await createTestApp('sqlite', { clock });
    url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: notifyProduct(hooks.port), fileName: 'daily-train.yaml' } });
    assert.equal(applied.status, 200, applied.text);
  });
  after(async () => {
    await t?.cleanup();
    await hooks?.close();
  });

  const cli = (args: string[]): Promise<CliRun> => runCliAgainst({ server: url, token: t.adminToken }, args);

  async function ok(args: string[]): Promise<string> {
    const run = await cli(args);
    assert.equal(run.code, 0, `ringmaster ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
    return run.stdout;
  }

  it('get notifiers: email off with the reason, each notifier with where it sends and how it stands', async () => {
    await announce(t, clock, 'window.opened', 'daily-train production window opened');
    await t.app.notifications.upkeep();
    const out = await ok(['get', 'notifiers']);
    const lines = out.split('\n');
    assert.equal(lines[0], 'email is off: RINGMASTER_SMTP_HOST and RINGMASTER_SMTP_FROM are not set (email notifiers are switched off; webhooks are not)');
    assert.match(lines[1]!, /^PRODUCT\s+NAME\s+KIND\s+DESTINATION\s+EVENTS\s+STATUS\s+PENDING\s+DELIVERED\s+FAILED\s+LAST ERROR$/);
    const row = (name: string) => lines.find((l) => new RegExp(`^daily-train\\s+${name}\\s`).test(l));
    assert.match(row('ops-hook')!, new RegExp(`^daily-train\\s+ops-hook\\s+webhook\\s+http://127\\.0\\.0\\.1:${hooks.port}/…\\s+vote\\.decided\\s+on\\s+0\\s+0\\s+0\\s+-$`));
    assert.match(row('release-mail')!, /^daily-train\s+release-mail\s+email\s+ops@example\.com, qa@example\.com\s+announcements\s+off\s+0\s+0\s+0\s+-$/);
    assert.match(row('dead-hook')!, /^daily-train\s+dead-hook\s+webhook\s+\S+\s+window\.opened\s+on\s+1\s+0\s+0\s+HTTP 500: receiver says no/);

    const json = JSON.parse(await ok(['get', 'notifiers', '--product', 'daily-train', '--json'])) as Json;
    assert.equal(json.email.enabled, false);
    assert.equal(json.notifiers.length, 4);
    const missing = await cli(['get', 'notifiers', '--product', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /product 'nope' does not exist/);
  });

  it('get deliveries lists them with their state; delivery retry tries one again', async () => {
    const out = await ok(['get', 'deliveries', '--state', 'pending']);
    assert.match(out, /^ID\s+PRODUCT\s+NOTIFIER\s+EVENT\s+STATE\s+ATTEMPTS\s+NEXT ATTEMPT\s+DELIVERED\s+LAST ERROR\n/);
    assert.match(out, /\n\S+\s+daily-train\s+dead-hook\s+window\.opened #\d+\s+pending\s+1\s+2026-11-23T09:00:3\d+Z\s+-\s+HTTP 500/);
    assert.equal(await ok(['get', 'deliveries', '--state', 'failed']), 'no deliveries match\n');
    const [delivery] = (JSON.parse(await ok(['get', 'deliveries', '--json'])) as Json).deliveries as Json[];

    hooks.answers['/dead'] = 200;
    assert.equal(await ok(['delivery', 'retry', delivery!.id]), `delivery ${delivery!.id} to dead-hook (daily-train) is pending again; it is sent within seconds\n`);
    await t.app.notifications.upkeep();
    assert.match(await ok(['get', 'deliveries', '--notifier', 'dead-hook']), /\sdelivered\s+1\s+-\s+2026-11-23T09:00:00Z\s+HTTP 500/);
    const again = await cli(['delivery', 'retry', delivery!.id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /there is nothing to retry/);
    const bad = await cli(['get', 'deliveries', '--state', 'lost']);
    assert.equal(bad.code, 2);
  });
});
