/**
 * The notification service on a bare database (no server, so no timer of its
 * own): events committed out of id order on PostgreSQL, a server stopping in
 * mid-send, and a notifier removed while its deliveries wait.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import pino from 'pino';
import type { Database } from '../app/database-schema.ts';
import { forEachDatabase } from '../../test/support/databases.ts';
import { createTestClock } from '../../test/support/test-clock.ts';
import { startReceiver, type TestReceiver } from '../../test/people/notification-fixture.ts';
import { appendEvent } from '../events/event-store.ts';
import { loadConfig } from '../platform/config/config.ts';
import { createSecretBox } from '../platform/crypto/secret-box.ts';
import type { NotifierSpec } from '../products/product-spec.ts';
import { createNotificationService, type NotificationService } from './notification-service.ts';

const PRODUCT = 'shop';

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(await check(), `timed out waiting for ${what}`);
}

forEachDatabase<Database>('the notification service', (t) => {
  const clock = createTestClock('2026-11-23T09:00:00.000Z');
  let hooks: TestReceiver;
  const services: NotificationService[] = [];

  const service = () => {
    const s = createNotificationService({
      db: t.db,
      clock,
      box: createSecretBox(randomBytes(32)),
      logger: pino({ level: 'silent' }),
      smtp: loadConfig({}).smtp,
      publicUrl: undefined,
    });
    services.push(s);
    return s;
  };
  const setNotifiers = async (notifiers: NotifierSpec[]) => {
    await t.db.updateTable('products').set({ notifiers: JSON.stringify(notifiers) }).where('name', '=', PRODUCT).execute();
  };
  const hook = (name: string, path: string): NotifierSpec => ({ name, kind: 'webhook', url: `http://127.0.0.1:${hooks.port}${path}`, secret: null, events: ['test.*'] });
  const event = (summary: string) => ({ actor: 'user:a', type: 'test.happened', subject: `product/${PRODUCT}`, summary, data: { product: PRODUCT } });
  const deliveries = () => t.db.selectFrom('deliveries').selectAll().orderBy('event_id').execute();

  before(async () => {
    hooks = await startReceiver();
    const at = clock.now().toISOString();
    await t.db.insertInto('products').values({ id: 'p-shop', name: PRODUCT, description: '', created_at: at, updated_at: at, train: null, notifiers: '[]' }).execute();
  });
  after(async () => {
    for (const s of services) await s.close();
    await hooks.close();
  });

  it('starts at the newest event: what came before is not announced', async () => {
    await setNotifiers([hook('ok-hook', '/ok')]);
    await appendEvent(t.db, clock.now().toISOString(), event('before the server'));
    const s = service();
    await s.start();
    await s.upkeep();
    assert.deepEqual(await deliveries(), []);
    await appendEvent(t.db, clock.now().toISOString(), event('after'));
    await s.upkeep();
    assert.deepEqual((await deliveries()).map((d) => [d.notifier, d.state]), [['ok-hook', 'delivered']]);
    assert.equal(hooks.requests.length, 1);
    await t.db.deleteFrom('deliveries').execute();
  });

  // Two writers at once: only PostgreSQL commits out of id order.
  if (t.dialect === 'postgres') it('waits for an event that commits after a later one instead of passing over it', async () => {
    const s = service();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowId = 0;
    const slow = t.db.transaction().execute(async (trx) => {
      slowId = (await appendEvent(trx, clock.now().toISOString(), event('slow'))).id;
      await held;
    });
    try {
      await until('the slow event to take its id', () => slowId > 0);
      const fast = await appendEvent(t.db, clock.now().toISOString(), event('fast'));
      assert.ok(fast.id > slowId);
      await s.upkeep();
      assert.deepEqual(await deliveries(), [], 'the cursor stops at the uncommitted id');
      release();
      await slow;
      await s.upkeep();
      assert.deepEqual((await deliveries()).map((d) => Number(d.event_id)), [slowId, fast.id]);
    } finally {
      release();
    }
    await t.db.deleteFrom('deliveries').execute();
  });

  it('lets a delivery go, uncounted, when the server stops in mid-send', async () => {
    hooks.answers['/hang'] = 0;
    await setNotifiers([hook('slow-hook', '/hang')]);
    const s = service();
    await appendEvent(t.db, clock.now().toISOString(), event('to a receiver that hangs'));
    const pass = s.upkeep();
    await until('the receiver to hold the request', () => hooks.requests.some((r) => r.path === '/hang'));
    const [claimed] = await deliveries();
    assert.equal(claimed?.attempts, 1);
    assert.notEqual(claimed?.lease_owner, null);
    const started = performance.now();
    await s.close();
    await pass;
    assert.ok(performance.now() - started < 2000, 'the send is abandoned, not waited out');
    const [released] = await deliveries();
    assert.deepEqual([released?.state, released?.attempts, released?.lease_owner, released?.last_error], ['pending', 0, null, null]);
    // Another server sends it at once.
    hooks.answers['/hang'] = 200;
    await service().upkeep();
    assert.equal((await deliveries())[0]?.state, 'delivered');
    await t.db.deleteFrom('deliveries').execute();
  });

  it('fails a delivery at once when its notifier has left the product file, and says so', async () => {
    hooks.answers['/down'] = 500;
    await setNotifiers([hook('gone-hook', '/down')]);
    const s = service();
    const happened = await appendEvent(t.db, clock.now().toISOString(), event('told to a notifier about to go'));
    await s.upkeep();
    assert.equal((await deliveries())[0]?.state, 'pending');
    await setNotifiers([]);
    clock.advance(60_000);
    await s.upkeep();
    const [failed] = await deliveries();
    assert.deepEqual([failed?.state, failed?.last_error], ['failed', "notifier 'gone-hook' is no longer in the product file"]);
    const notice = await t.db.selectFrom('events').selectAll().where('type', '=', 'notification.failed').executeTakeFirstOrThrow();
    assert.equal(notice.summary, `gone-hook gave up on test.happened #${happened.id} after 2 attempts: notifier 'gone-hook' is no longer in the product file`);
  });
});
