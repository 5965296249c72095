/**
 * A push target's maintenance window holds its deployments: the worker does
 * not start one while the window is shut, the API says until when, and once
 * the clock reaches the window the worker deploys it. More held targets than
 * the worker reads in one page stand before an open one, which still goes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { apiCalls, buildBody, createWorkspace, type Json, type Workspace } from './engine-fixture.ts';

/** More than the worker's page of candidates (100), all held, ahead of the open target. */
const HELD = 105;
const WINDOW = '{ cron: "0 2 * * 0", timezone: America/Chicago, duration: 2h }';
// Monday 2026-11-23; the window opens on Sunday 2026-11-29 at 02:00 CST, 08:00Z.
const START = '2026-11-23T09:00:00.000Z';
const OPENS = '2026-11-29T08:00:00.000Z';

function productFile(): string {
  const held = Array.from({ length: HELD - 1 }, (_, i) => `  - { name: quiet-${i + 2}, ring: dev, maintenanceWindow: ${WINDOW}, deploy: { command: "true" } }`);
  return `product: shop
components: [{ name: api }]
rings:
  - name: dev
    rollout: { autoPromote: true }
targets:
  - name: quiet-1
    ring: dev
    maintenanceWindow: ${WINDOW}
    deploy: { command: ./deploy/deploy.sh, verify: ./deploy/verify.sh }
    config: { API_KEY: "k" }
${held.join('\n')}
  - name: open-1
    ring: dev
    deploy: { command: ./deploy/deploy.sh, verify: ./deploy/verify.sh }
    config: { API_KEY: "k" }
`;
}

for (const dialect of DIALECTS) {
  describe(`a maintenance window holds push deployments [${dialect}]`, () => {
    const clock = createTestClock(START);
    const ws: Workspace = createWorkspace();
    let t: TestApp;
    const { ok } = apiCalls(() => t);
    const deployments = async () => (await ok('GET', '/api/products/shop/releases/1.0.0/deployments?limit=1000')).deployments as Json[];
    const byTarget = async (): Promise<Record<string, Json>> => Object.fromEntries((await deployments()).map((d) => [d.target, d]));

    before(async () => {
      t = await createTestApp(dialect, { clock, deployDir: ws.dir });
      await ok('POST', '/api/products/apply', { source: productFile(), fileName: 'shop.yaml' });
      await ok('POST', '/api/products/shop/builds', buildBody('api', '1.0.0'));
      await ok('POST', '/api/products/shop/releases', { version: '1.0.0', latest: true });
      await t.app.worker.settle();
    });
    after(async () => {
      await t?.cleanup();
      ws.cleanup();
    });

    it('deploys the target without a window and none whose window is shut', async () => {
      const d = await byTarget();
      assert.equal(d['open-1']!.state, 'succeeded', 'held targets ahead of it do not starve it');
      assert.equal(ws.release('open-1'), '1.0.0');
      assert.equal(ws.release('quiet-1'), null, 'no command ran on a held target');
      const held = Object.values(d).filter((x) => x.target !== 'open-1');
      assert.equal(held.length, HELD);
      assert.deepEqual(new Set(held.map((x) => `${x.state} ${x.attempts} ${x.startedAt}`)), new Set(['pending 0 null']));
    });

    it('says until when each held deployment waits, and nothing for the others', async () => {
      const d = await byTarget();
      assert.equal(d['open-1']!.heldUntil, null);
      assert.deepEqual(new Set(Object.values(d).filter((x) => x.target !== 'open-1').map((x) => x.heldUntil)), new Set([OPENS]));
      const one = await ok('GET', `/api/deployments/${d['quiet-1']!.id}`);
      assert.equal(one.heldUntil, OPENS);
      const fleet = await ok('GET', '/api/products/shop/fleet?q=quiet-1&limit=1');
      assert.equal(fleet.targets[0].nextWindowAt, OPENS);
      const pending = await ok('GET', '/api/products/shop/releases/1.0.0/deployments?state=pending&limit=1');
      assert.equal(pending.total, HELD);
    });

    it('still holds them a minute before the window opens', async () => {
      clock.set('2026-11-29T07:59:00.000Z');
      t.app.worker.wake();
      await t.app.worker.settle();
      assert.equal((await byTarget())['quiet-1']!.state, 'pending');
      assert.equal(ws.release('quiet-1'), null);
    });

    it('deploys them once the clock is inside the window', async () => {
      clock.set('2026-11-29T08:30:00.000Z');
      t.app.worker.wake();
      await t.app.worker.settle();
      const all = await deployments();
      assert.deepEqual(new Set(all.map((x) => x.state)), new Set(['succeeded']));
      assert.deepEqual(new Set(all.map((x) => x.heldUntil)), new Set([null]));
      assert.equal(ws.release('quiet-1'), '1.0.0');
      const release = await ok('GET', '/api/products/shop/releases/1.0.0');
      assert.equal(release.rings[0].state, 'succeeded', 'the rollout ends once its held targets are done');
      const fleet = await ok('GET', '/api/products/shop/fleet?q=quiet-1&limit=1');
      assert.equal(fleet.targets[0].nextWindowAt, null, 'open now');
    });
  });
}
