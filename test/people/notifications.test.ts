/**
 * Announcements end to end on both engines: events become deliveries, mail
 * goes through a real SMTP server on loopback, webhooks to a real receiver
 * that checks their signature; retries with back-off on the test clock, the
 * give-up event, retry by hand, email switched off without SMTP settings,
 * SMTP with a user and password that never shows, and several servers'
 * upkeep at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { VERSION } from '../../src/app/version.ts';
import { createSecretBox } from '../../src/platform/crypto/secret-box.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createNotificationService } from '../../src/notifications/notification-service.ts';
import { MAX_ATTEMPTS } from '../../src/notifications/delivery-backoff.ts';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { announce, HOOK_SECRET, notifyProduct, PRODUCT, startReceiver, startSmtp, type TestReceiver, type TestSmtp } from './notification-fixture.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const FROM = 'Ringmaster <ringmaster@example.com>';

for (const dialect of DIALECTS) {
  describe(`announcements by email and webhook [${dialect}]`, () => {
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let t: TestApp;
    let smtp: TestSmtp;
    let hooks: TestReceiver;
    const { call, ok } = apiCalls(() => t);
    const deliveries = async (query = '') => (await ok('GET', `/api/deliveries?product=${PRODUCT}${query}`)).deliveries as Json[];
    const deliveryOf = async (notifier: string, eventId: number) => (await deliveries(`&notifier=${notifier}`)).find((d) => d.event?.id === eventId);
    const hookRequests = (path: string) => hooks.requests.filter((r) => r.path === path);

    before(async () => {
      smtp = await startSmtp();
      hooks = await startReceiver();
      t = await createTestApp(dialect, {
        clock,
        env: {
          RINGMASTER_SMTP_HOST: '127.0.0.1',
          RINGMASTER_SMTP_PORT: String(smtp.port),
          RINGMASTER_SMTP_FROM: FROM,
          RINGMASTER_PUBLIC_URL: 'https://rm.example.com',
        },
      });
      await ok('POST', '/api/products/apply', { source: notifyProduct(hooks.port), fileName: 'daily-train.yaml' });
    });
    after(async () => {
      await t?.cleanup();
      await smtp?.close();
      await hooks?.close();
    });

    it('lists the notifiers with email on, and nothing sent yet', async () => {
      const status = await ok('GET', '/api/notifiers');
      assert.deepEqual(status.email, { enabled: true, reason: null, server: `127.0.0.1:${smtp.port} (STARTTLS when offered)` });
      assert.deepEqual(
        status.notifiers.map((n: Json) => [n.name, n.kind, n.destination, n.enabled, n.deliveries.pending + n.deliveries.delivered + n.deliveries.failed]),
        [
          ['ops-hook', 'webhook', `http://127.0.0.1:${hooks.port}/…`, true, 0],
          ['release-mail', 'email', 'ops@example.com, qa@example.com', true, 0],
          ['dead-hook', 'webhook', `http://127.0.0.1:${hooks.port}/…`, true, 0],
          ['audit-hook', 'webhook', `http://127.0.0.1:${hooks.port}/…`, true, 0],
        ],
      );
      assert.deepEqual(status.notifiers[1].events, ['release.scheduled', 'vote.opened', 'vote.decided', 'window.opened', 'window.closed', 'train.stopped']);
      // Applying the product is no announcement: nothing to deliver.
      await t.app.notifications.upkeep();
      assert.deepEqual(await deliveries(), []);
    });

    let decided: number;
    it('mails a vote outcome through the SMTP server, and tries the webhook that refuses it', async () => {
      hooks.answers['/hook'] = [500, 503];
      decided = (await announce(t, clock, 'vote.decided', 'daily-train 1.5.0 production: no-go (carol (qa) vetoed: load test failed)', { decision: 'no-go', reason: 'load test failed' })).id;
      await t.app.notifications.upkeep();

      assert.equal(smtp.mails.length, 1);
      const mail = smtp.mails[0]!;
      assert.equal(mail.envelopeFrom, 'ringmaster@example.com');
      assert.deepEqual(mail.envelopeTo, ['ops@example.com', 'qa@example.com']);
      assert.equal(mail.from, '"Ringmaster" <ringmaster@example.com>');
      assert.equal(mail.to, 'ops@example.com, qa@example.com');
      assert.equal(mail.user, null);
      assert.equal(mail.subject, '[Ringmaster] daily-train 1.5.0: vote decided no-go');
      assert.match(mail.text, /^daily-train 1\.5\.0 production: no-go \(carol \(qa\) vetoed: load test failed\)$/m);
      assert.match(mail.text, /^Ring: +production$/m);
      assert.match(mail.text, new RegExp(`^Event: +vote\\.decided \\(#${decided}\\)$`, 'm'));
      assert.match(mail.text, /^reason: +load test failed$/m);
      assert.match(mail.text, /^Release page: https:\/\/rm\.example\.com\/products\/daily-train\/releases\/1\.5\.0$/m);

      const mailed = await deliveryOf('release-mail', decided);
      assert.equal(mailed?.state, 'delivered');
      assert.equal(mailed?.attempts, 1);
      assert.equal(mailed?.deliveredAt, clock.now().toISOString());

      assert.equal(hookRequests('/hook').length, 1);
      const hooked = await deliveryOf('ops-hook', decided);
      assert.equal(hooked?.state, 'pending');
      assert.equal(hooked?.attempts, 1);
      assert.match(hooked?.lastError, /^HTTP 500: receiver says no \(500\) x+…$/);
      assert.ok(hooked.lastError.length < 260, 'the answer is cut short');
      // Retried after 30 s and up to 10% more.
      const wait = Date.parse(hooked.nextAttemptAt) - clock.now().getTime();
      assert.ok(wait >= 30 * SECOND && wait < 33 * SECOND, `first retry after ${wait} ms`);
      // dead-hook and audit-hook do not hear vote outcomes.
      assert.equal((await deliveries()).length, 2);
    });

    it('signs every attempt, backs off between them, and delivers once the receiver takes it', async () => {
      const first = hookRequests('/hook')[0]!;
      await t.app.notifications.upkeep();
      assert.equal(hookRequests('/hook').length, 1, 'not tried again before its time');

      clock.advance(33 * SECOND);
      await t.app.notifications.upkeep();
      assert.equal(hookRequests('/hook').length, 2);
      const second = await deliveryOf('ops-hook', decided);
      assert.equal(second?.attempts, 2);
      assert.match(second?.lastError, /^HTTP 503/);
      const wait = Date.parse(second.nextAttemptAt) - clock.now().getTime();
      assert.ok(wait >= 60 * SECOND && wait < 66 * SECOND, `second retry after ${wait} ms`);

      clock.advance(59 * SECOND);
      await t.app.notifications.upkeep();
      assert.equal(hookRequests('/hook').length, 2, 'still backing off');
      clock.advance(7 * SECOND);
      await t.app.notifications.upkeep();
      const requests = hookRequests('/hook');
      assert.equal(requests.length, 3);
      assert.deepEqual(requests.map((r) => r.status), [500, 503, 200]);
      const delivered = await deliveryOf('ops-hook', decided);
      assert.equal(delivered?.state, 'delivered');
      assert.equal(delivered?.attempts, 3);
      assert.equal(delivered?.deliveredAt, clock.now().toISOString());

      for (const r of requests) {
        assert.ok(r.signatureValid, 'X-Ringmaster-Signature is the HMAC of timestamp.body');
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['user-agent'], `ringmaster/${VERSION}`);
        assert.equal(r.headers['x-ringmaster-event'], 'vote.decided');
        assert.equal(r.headers['x-ringmaster-delivery'], delivered.id, 'the same delivery id on every attempt: receivers can tell repeats');
      }
      // Each attempt is signed at its own time.
      assert.equal(requests[2]!.headers['x-ringmaster-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));
      assert.notEqual(requests[0]!.headers['x-ringmaster-timestamp'], requests[2]!.headers['x-ringmaster-timestamp']);
      assert.deepEqual(JSON.parse(first.body), {
        id: decided,
        type: 'vote.decided',
        at: '2026-11-23T09:00:00.000Z',
        actor: 'ringmaster',
        subject: 'release/daily-train/1.5.0',
        summary: 'daily-train 1.5.0 production: no-go (carol (qa) vetoed: load test failed)',
        data: { product: 'daily-train', version: '1.5.0', ring: 'production', decision: 'no-go', reason: 'load test failed' },
        product: 'daily-train',
      });
      // An unsigned notifier sends no signature header.
      hooks.answers['/audit'] = 200;
      await announce(t, clock, 'rollout.started', 'daily-train 1.5.0 enters dev');
      await t.app.notifications.upkeep();
      const audit = hookRequests('/audit');
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.headers['x-ringmaster-signature'], undefined);
    });

    let failedId: string;
    it(`gives up after ${MAX_ATTEMPTS} attempts on a receiver that always fails: an event says so and the delivery stays listed`, async () => {
      hooks.answers['/dead'] = 500;
      const opened = (await announce(t, clock, 'window.opened', 'daily-train production window opened until 18:00')).id;
      const eventsBefore = (await ok('GET', '/api/events?type=notification.failed')).events.length;
      await t.app.notifications.upkeep();
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        assert.equal((await deliveryOf('dead-hook', opened))?.state, 'pending', `pending before attempt ${attempt}`);
        clock.advance(70 * MINUTE);
        await t.app.notifications.upkeep();
        assert.equal((await deliveryOf('dead-hook', opened))?.attempts, attempt);
      }
      assert.equal(hookRequests('/dead').length, MAX_ATTEMPTS);
      const failed = await deliveryOf('dead-hook', opened);
      assert.equal(failed?.state, 'failed');
      assert.equal(failed?.nextAttemptAt, null);
      assert.match(failed?.lastError, /^HTTP 500/);
      failedId = failed.id;

      // Nothing more is tried, however long it waits.
      clock.advance(24 * 60 * MINUTE);
      await t.app.notifications.upkeep();
      assert.equal(hookRequests('/dead').length, MAX_ATTEMPTS);

      const notices = (await ok('GET', '/api/events?type=notification.failed')).events as Json[];
      assert.equal(notices.length, eventsBefore + 1);
      const notice = notices.at(-1)!;
      assert.equal(notice.subject, `notifier/${PRODUCT}/dead-hook`);
      assert.match(notice.summary, new RegExp(`^dead-hook gave up on window\\.opened #${opened} after ${MAX_ATTEMPTS} attempts: HTTP 500`));
      assert.equal(notice.data.product, PRODUCT);
      assert.equal(notice.data.delivery, failed.id);

      const listed = (await ok('GET', '/api/deliveries?state=failed')).deliveries as Json[];
      assert.deepEqual(listed.map((d) => [d.id, d.notifier, d.event.type]), [[failed.id, 'dead-hook', 'window.opened']]);
      const status = (await ok('GET', `/api/notifiers?product=${PRODUCT}`)).notifiers as Json[];
      const dead = status.find((n) => n.name === 'dead-hook')!;
      assert.deepEqual(dead.deliveries, { pending: 0, delivered: 0, failed: 1 });
      assert.match(dead.lastError, /^HTTP 500/);
      assert.equal(status.find((n) => n.name === 'ops-hook')!.lastError, null, 'a delivered notifier shows no error');
      // The window opening was mailed too: the mail notifier hears the announcements.
      assert.equal(smtp.mails.at(-1)?.subject, '[Ringmaster] daily-train 1.5.0: window opened');
    });

    it('retries a failed delivery by hand, once it is fixed; refuses a delivered one, a stranger and a viewer', async () => {
      await ok('POST', '/api/users', { name: 'vera', role: 'viewer' });
      const vera = (await ok('POST', '/api/tokens', { name: 'vera-cli', user: 'vera' })).secret as string;
      const denied = await call('POST', `/api/deliveries/${failedId}/retry`, undefined, vera);
      assert.equal(denied.status, 403);
      assert.match(denied.body.error.message, /role 'viewer' may not apply product files/);
      const unknown = await call('POST', '/api/deliveries/00000000-0000-4000-8000-000000000000/retry');
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.error.message, /delivery '00000000-0000-4000-8000-000000000000' does not exist/);

      hooks.answers['/dead'] = 200;
      const retried = await ok('POST', `/api/deliveries/${failedId}/retry`);
      assert.equal(retried.state, 'pending');
      assert.equal(retried.attempts, 0);
      assert.equal(retried.nextAttemptAt, clock.now().toISOString());
      const notice = ((await ok('GET', '/api/events?type=notification.retried')).events as Json[]).at(-1)!;
      assert.match(notice.summary, /^user:admin retried dead-hook's delivery of window\.opened #\d+$/);
      await t.app.notifications.upkeep();
      const done = (await deliveries(`&notifier=dead-hook`)).find((d) => d.id === failedId)!;
      assert.equal(done.state, 'delivered');
      assert.equal(done.attempts, 1);
      assert.equal(hookRequests('/dead').at(-1)?.status, 200);

      const again = await call('POST', `/api/deliveries/${failedId}/retry`);
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /was delivered at .*: there is nothing to retry/);
    });

    it('shares the work between servers: each delivery is made once and sent once', async () => {
      // Two more servers on the same database (as behind a load balancer), email off on theirs.
      const others = [1, 2].map(() =>
        createNotificationService({
          db: t.app.database.db,
          clock,
          box: createSecretBox(Buffer.alloc(32, 7)),
          logger: pino({ level: 'silent' }),
          smtp: loadConfig({}).smtp,
          publicUrl: undefined,
        }),
      );
      const before = hookRequests('/audit').length;
      const events: number[] = [];
      for (let i = 0; i < 25; i++) events.push((await announce(t, clock, 'rollout.started', `daily-train 1.5.${i} enters dev`, { version: `1.5.${i}` })).id);
      await Promise.all([t.app.notifications.upkeep(), ...others.map((o) => o.upkeep()), t.app.notifications.upkeep(), ...others.map((o) => o.upkeep())]);
      await Promise.all(others.map((o) => o.close()));

      const audit = (await deliveries('&notifier=audit-hook&limit=500')).filter((d) => events.includes(d.event?.id));
      assert.equal(audit.length, 25, 'one delivery per event');
      assert.ok(audit.every((d) => d.state === 'delivered' && d.attempts === 1), JSON.stringify(audit.filter((d) => d.state !== 'delivered')));
      const sent = hookRequests('/audit').slice(before);
      assert.equal(sent.length, 25, 'each sent once');
      assert.equal(new Set(sent.map((r) => r.headers['x-ringmaster-delivery'])).size, 25);
    });

    it('keeps the webhook secret out of events, answers and logs', async () => {
      const events = await ok('GET', '/api/events?limit=1000');
      const answers = [events, await ok('GET', '/api/notifiers'), await ok('GET', '/api/deliveries?limit=500'), await ok('GET', `/api/products/${PRODUCT}`)];
      for (const answer of answers) assert.ok(!JSON.stringify(answer).includes(HOOK_SECRET));
      assert.ok(t.logs.length > 0);
      assert.ok(t.logs.every((line) => !line.includes(HOOK_SECRET)));
    });
  });

  describe(`announcements without SMTP settings [${dialect}]`, () => {
    let t: TestApp;
    let hooks: TestReceiver;
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    const { ok } = apiCalls(() => t);

    before(async () => {
      hooks = await startReceiver();
      // A user without a password, and no host or sender: email is off, and the server starts regardless.
      t = await createTestApp(dialect, { clock, env: { RINGMASTER_SMTP_USER: 'ringmaster' } });
      await ok('POST', '/api/products/apply', { source: notifyProduct(hooks.port), fileName: 'daily-train.yaml' });
    });
    after(async () => {
      await t?.cleanup();
      await hooks?.close();
    });

    it('says email is off and why, for the server and for each email notifier', async () => {
      const reason =
        'email is off: RINGMASTER_SMTP_HOST and RINGMASTER_SMTP_FROM are not set; RINGMASTER_SMTP_USER is set without RINGMASTER_SMTP_PASSWORD (set both, or neither)';
      const status = await ok('GET', '/api/notifiers');
      assert.deepEqual(status.email, { enabled: false, reason, server: null });
      const byName = Object.fromEntries((status.notifiers as Json[]).map((n) => [n.name, n]));
      assert.equal(byName['release-mail'].enabled, false);
      assert.equal(byName['release-mail'].reason, reason);
      assert.equal(byName['ops-hook'].enabled, true);
      assert.equal(byName['ops-hook'].reason, null);
      assert.ok(t.logs.some((line) => line.includes(`${reason}; email notifiers are switched off`)), 'the server says so at start');
    });

    it('still delivers the webhook, makes no email deliveries, and nothing else fails', async () => {
      const decided = (await announce(t, clock, 'vote.decided', 'daily-train 1.5.0 production: go', { decision: 'go' })).id;
      await t.app.notifications.upkeep();
      const list = (await ok('GET', '/api/deliveries')).deliveries as Json[];
      assert.deepEqual(list.map((d) => [d.notifier, d.event.id, d.state]), [['ops-hook', decided, 'delivered']]);
      assert.equal(hooks.requests.length, 1);
      assert.ok(hooks.requests[0]!.signatureValid);
      assert.equal((await t.request('GET', '/readyz')).status, 200);
      assert.deepEqual((await ok('GET', '/api/events?type=notification.')).events, []);
    });
  });

  describe(`email through an SMTP server that wants a user and password [${dialect}]`, () => {
    const PASSWORD = 'Pa55-word-never-shown';
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let smtp: TestSmtp;
    let hooks: TestReceiver;
    const apps: TestApp[] = [];

    before(async () => {
      hooks = await startReceiver();
      // Implicit TLS with the server's own self-signed certificate; sign-in required.
      smtp = await startSmtp({
        secure: true,
        authOptional: false,
        disabledCommands: [],
        onAuth(auth, _session, done) {
          if (auth.username === 'ringmaster' && auth.password === PASSWORD) return done(null, { user: auth.username });
          return done(new Error('Invalid username or password'));
        },
      });
    });
    after(async () => {
      for (const t of apps) await t.cleanup();
      await smtp?.close();
      await hooks?.close();
    });

    async function appWith(password: string): Promise<TestApp> {
      const t = await createTestApp(dialect, {
        clock,
        env: {
          RINGMASTER_SMTP_HOST: '127.0.0.1',
          RINGMASTER_SMTP_PORT: String(smtp.port),
          RINGMASTER_SMTP_SECURE: 'true',
          RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
          RINGMASTER_SMTP_USER: 'ringmaster',
          RINGMASTER_SMTP_PASSWORD: password,
          RINGMASTER_SMTP_FROM: 'ringmaster@example.com',
        },
      });
      apps.push(t);
      const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: notifyProduct(hooks.port), fileName: 'daily-train.yaml' } });
      assert.equal(applied.status, 200, applied.text);
      return t;
    }

    async function everything(t: TestApp): Promise<string> {
      const get = async (url: string) => (await t.request('GET', url, { token: t.adminToken })).text;
      return [await get('/api/events?limit=1000'), await get('/api/notifiers'), await get('/api/deliveries'), ...t.logs].join('\n');
    }

    it('signs in and sends; the password is in no event, answer or log line', async () => {
      const t = await appWith(PASSWORD);
      await announce(t, clock, 'vote.opened', 'daily-train 1.5.0 production: Go/No-Go open until 16:00');
      await t.app.notifications.upkeep();
      assert.equal(smtp.mails.length, 1);
      assert.equal(smtp.mails[0]!.user, 'ringmaster');
      assert.equal(smtp.mails[0]!.subject, '[Ringmaster] daily-train 1.5.0: vote opened');
      assert.equal(smtp.mails[0]!.from, 'ringmaster@example.com');
      assert.deepEqual(((await t.request('GET', '/api/deliveries', { token: t.adminToken })).body as Json).deliveries.map((d: Json) => d.state), ['delivered']);
      assert.match(((await t.request('GET', '/api/notifiers', { token: t.adminToken })).body as Json).email.server, /:\d+ \(TLS\)$/);
      assert.ok(!(await everything(t)).includes(PASSWORD));
    });

    it('records a refused sign-in as a failed attempt, without the password', async () => {
      const wrong = 'Wrong-pa55word-also-hidden';
      const t = await appWith(wrong);
      await announce(t, clock, 'vote.opened', 'daily-train 1.5.0 production: Go/No-Go open until 16:00');
      await t.app.notifications.upkeep();
      const [delivery] = ((await t.request('GET', '/api/deliveries', { token: t.adminToken })).body as Json).deliveries as Json[];
      assert.equal(delivery?.state, 'pending');
      assert.equal(delivery?.attempts, 1);
      assert.match(delivery?.lastError, /^EAUTH: Invalid login/);
      const all = await everything(t);
      assert.ok(!all.includes(wrong));
      assert.ok(!all.includes(PASSWORD));
    });
  });
}
