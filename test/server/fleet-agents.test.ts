/**
 * The fleet API with pull targets' agents: version, last contact and
 * reachability come from real agents calling GET /api/agent/desired with
 * their own tokens; the maintenance window's next opening is computed at the
 * server's time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AGENT_VERSION_HEADER } from '../../src/agents/agent-schemas.ts';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';

const PRODUCT = `product: farm
components: [{ name: app }]
rings: [{ name: field }]
targets:
  - { name: pushy, ring: field, delivery: push, deploy: { command: "true" } }
  - { name: fresh, ring: field, hosting: on-prem, delivery: pull, maintenanceWindow: { cron: "0 2 * * 0", timezone: America/Chicago, duration: 2h } }
  - { name: stale, ring: field, hosting: on-prem, delivery: pull }
  - { name: newbie, ring: field, hosting: on-prem, delivery: pull }
`;

const UNREACHABLE_SECONDS = 300;
// A Monday; the window opens on Sunday 2026-11-29 at 02:00 CST, 08:00Z.
const START = '2026-11-23T09:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`fleet rows with their agents [${dialect}]`, () => {
    const clock = createTestClock(START);
    let t: TestApp;
    const { call, ok } = apiCalls(() => t);
    const fleet = async (query = '') => (await ok('GET', `/api/products/farm/fleet${query}`)) as { total: number; targets: Json[] };
    const row = async (name: string) => (await fleet()).targets.find((r) => r.name === name)!;

    /** A real agent: an enrolment code, traded for the agent's token. */
    async function enrol(target: string): Promise<string> {
      const code = await ok('POST', `/api/products/farm/targets/${target}/enrolment-codes`, {});
      const enrolled = await call('POST', '/api/agent/enrol', { code: code.code, hostname: `${target}-host` }, '');
      assert.equal(enrolled.status, 201, enrolled.text);
      return enrolled.body.token as string;
    }

    /** One poll that answers at once; the contact is written with the agents' upkeep. */
    async function poll(token: string, version: string): Promise<void> {
      const res = await t.request('GET', '/api/agent/desired?wait=0', { token, headers: { [AGENT_VERSION_HEADER]: version } });
      assert.equal(res.status, 200, res.text);
      await t.app.agents.upkeep();
    }

    before(async () => {
      t = await createTestApp(dialect, { clock, env: { RINGMASTER_AGENT_UNREACHABLE_SECONDS: String(UNREACHABLE_SECONDS) } });
      await ok('POST', '/api/products/apply', { source: PRODUCT, fileName: 'farm.yaml' });
      const stale = await enrol('stale');
      const fresh = await enrol('fresh');
      await poll(stale, '0.8.0');
      clock.advance(10 * 60_000);
      await poll(fresh, '0.9.1');
      // Health comes with a finished deployment's report; here it is set up directly.
      await t.app.database.db.updateTable('agents').set({ health: 'healthy', health_detail: 'app answers on :8080', health_at: clock.now().toISOString() }).where('target', '=', 'fresh').execute();
    });
    after(async () => t?.cleanup());

    it('shows each pull target’s agent: version, last contact, reachability, health; none for push targets', async () => {
      const page = await fleet();
      assert.equal(page.total, 4);
      const by = Object.fromEntries(page.targets.map((r) => [r.name, r]));
      assert.equal(by.pushy!.agent, null);
      const fresh = by.fresh!.agent;
      assert.ok(fresh.hostname === null || fresh.hostname === 'fresh-host', `hostname ${fresh.hostname}`);
      assert.deepEqual(
        { ...fresh, hostname: undefined },
        { version: '0.9.1', hostname: undefined, lastContactAt: '2026-11-23T09:10:00.000Z', reachable: true, health: 'healthy', healthDetail: 'app answers on :8080' },
      );
      assert.deepEqual(
        { ...by.stale!.agent, hostname: undefined },
        { version: '0.8.0', hostname: undefined, lastContactAt: START, reachable: false, health: null, healthDetail: null },
        'ten minutes of silence is past the five-minute threshold',
      );
      assert.deepEqual(by.newbie!.agent, { version: null, hostname: null, lastContactAt: null, reachable: false, health: null, healthDetail: null }, 'never called in');
    });

    it('says when each maintenance window opens next, at the server’s time', async () => {
      const page = await fleet();
      const next = Object.fromEntries(page.targets.map((r) => [r.name, r.nextWindowAt]));
      assert.deepEqual(next, { pushy: null, fresh: '2026-11-29T08:00:00.000Z', stale: null, newbie: null });
    });

    it('filters pull targets whose agent is unreachable, in the database', async () => {
      const page = await fleet('?status=unreachable');
      assert.deepEqual(page.targets.map((r) => r.name), ['stale', 'newbie']);
      assert.equal(page.total, 2);
      const limited = await fleet('?status=unreachable&limit=1&offset=1');
      assert.deepEqual([limited.total, limited.targets.map((r) => r.name)], [2, ['newbie']]);
      assert.deepEqual((await fleet('?status=never')).targets.map((r) => r.name), ['pushy', 'fresh', 'stale', 'newbie'], 'the other statuses are as before');
    });

    it('turns an agent unreachable once it has been silent longer than the threshold', async () => {
      clock.set('2026-11-23T09:15:00.000Z'); // exactly 300 s after the fresh agent's contact
      assert.equal((await row('fresh')).agent.reachable, true, 'at the threshold it still counts');
      clock.advance(1_000);
      assert.equal((await row('fresh')).agent.reachable, false);
      assert.deepEqual((await fleet('?status=unreachable')).targets.map((r) => r.name), ['fresh', 'stale', 'newbie']);
    });

    it('shows an open window as null and a poll brings an agent back', async () => {
      clock.set('2026-11-29T08:30:00.000Z');
      assert.equal((await row('fresh')).nextWindowAt, null, 'open now');
      clock.set('2026-11-29T10:00:00.000Z');
      assert.equal((await row('fresh')).nextWindowAt, '2026-12-06T08:00:00.000Z', 'shut again: next Sunday');
      const token = await enrol('newbie');
      await poll(token, '1.0.0');
      const newbie = (await row('newbie')).agent;
      assert.deepEqual([newbie.version, newbie.lastContactAt, newbie.reachable], ['1.0.0', '2026-11-29T10:00:00.000Z', true]);
      assert.deepEqual((await fleet('?status=unreachable')).targets.map((r) => r.name), ['fresh', 'stale']);
    });

    it('refuses an unknown status filter, naming it', async () => {
      const res = await call('GET', '/api/products/farm/fleet?status=lost');
      assert.equal(res.status, 400, res.text);
      assert.match(res.body.error.message, /status/);
    });
  });
}
