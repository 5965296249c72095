/**
 * The train runs on leases: servers calling upkeep at the same moment cut one
 * release and announce each window change once; a run whose server died is
 * taken over once its lease expires, a live one is left alone. On both
 * engines several train services share one database; on PostgreSQL two whole
 * servers do.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type App, createApp } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { createTrainService, type TrainService } from '../../src/train/train-service.ts';
import { finishRun, insertRun, takeOverRun } from '../../src/train/train-store.ts';
import type { TrainRunsTable } from '../../src/train/train-types.ts';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS, freshDatabase } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { eventsOfType, setUpTrain, TRAIN_PRODUCT, TRAIN_PRODUCT_FILE, trainRuns } from './train-fixture.ts';

// Friday 4 December 2026: 15:00, 16:00 and 17:00 IST.
const FRI = { cut: '2026-12-04T09:30:00.000Z', vote: '2026-12-04T10:30:00.000Z', deploy: '2026-12-04T11:30:00.000Z' };
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function runRow(overrides: Partial<TrainRunsTable> & Pick<TrainRunsTable, 'product_id' | 'step' | 'lease_owner' | 'lease_expires_at'>): TrainRunsTable {
  return { id: randomBytes(8).toString('hex'), day: FRI.cut, due_at: FRI.cut, state: 'running', version: null, outcome: '', started_at: FRI.cut, finished_at: null, ...overrides };
}

for (const dialect of DIALECTS) {
  describe(`the train on leases [${dialect}]`, () => {
    const clock = createTestClock('2026-12-04T09:00:00.000Z');
    let t: TestApp;
    let others: TrainService[];
    let productId: string;
    const { ok } = apiCalls(() => t);
    const everyone = () => Promise.all([t.app.train.upkeep(), ...others.map((s) => s.upkeep()), t.app.train.upkeep()]);

    before(async () => {
      t = await createTestApp(dialect, { clock });
      await setUpTrain(t);
      for (const component of ['api', 'web']) await ok('POST', `/api/products/${TRAIN_PRODUCT}/builds`, buildBody(component, '1.0.0'));
      // More servers' train services on the same database, each with its own lease name.
      others = [0, 1].map(() => createTrainService({ db: t.app.database.db, clock, onChange: () => {} }));
      productId = (await t.app.database.db.selectFrom('products').select('id').where('name', '=', TRAIN_PRODUCT).executeTakeFirstOrThrow()).id;
    });
    after(() => t.cleanup());

    it('servers running upkeep at the cut time at once cut exactly one release', async () => {
      clock.set(FRI.cut);
      await everyone();
      const releases = (await ok('GET', `/api/products/${TRAIN_PRODUCT}/releases`)).releases as Json[];
      assert.deepEqual(releases.map((r) => r.version), ['0.1.0']);
      assert.equal((await eventsOfType(t, 'train.cut')).length, 1);
      assert.equal((await eventsOfType(t, 'release.scheduled')).length, 1);
      assert.equal((await eventsOfType(t, 'release.created')).length, 1);
      const cut = (await trainRuns(t.app.database.db)).get(`${FRI.cut} cut`);
      assert.deepEqual([cut?.state, cut?.version], ['done', '0.1.0']);
    });

    it('takes over a running step whose lease expired (its server died)', async () => {
      clock.set(FRI.vote);
      await insertRun(t.app.database.db, runRow({ product_id: productId, step: 'vote', due_at: FRI.vote, lease_owner: 'train-crashed', lease_expires_at: later(FRI.vote, -1_000), started_at: later(FRI.vote, -61_000) }));
      await everyone();
      const vote = (await trainRuns(t.app.database.db)).get(`${FRI.cut} vote`);
      assert.equal(vote?.state, 'done');
      assert.notEqual(vote?.lease_owner, 'train-crashed');
      assert.match(vote?.lease_owner ?? '', /^train-/);
      assert.match(vote?.outcome ?? '', /^opened the Go\/No-Go on 0\.1\.0 for production, closing at 17:00 Asia\/Kolkata$/);
      assert.equal((await eventsOfType(t, 'vote.opened')).length, 1);
    });

    it('leaves a step whose lease is live alone, then takes it over once it expires', async () => {
      clock.set(FRI.deploy);
      await insertRun(t.app.database.db, runRow({ product_id: productId, step: 'deploy', due_at: FRI.deploy, lease_owner: 'train-busy', lease_expires_at: later(FRI.deploy, 60_000) }));
      await everyone();
      let deploy = (await trainRuns(t.app.database.db)).get(`${FRI.cut} deploy`);
      assert.deepEqual([deploy?.state, deploy?.lease_owner], ['running', 'train-busy']);
      assert.equal((await eventsOfType(t, 'train.')).filter((e) => e.data.step === 'deploy').length, 0);

      clock.set(later(FRI.deploy, 61_000));
      await everyone();
      deploy = (await trainRuns(t.app.database.db)).get(`${FRI.cut} deploy`);
      assert.equal(deploy?.state, 'failed', 'taken over and run: the gates block it (nobody voted)');
      assert.match(deploy?.outcome ?? '', /^did not go: /);
      assert.equal((await eventsOfType(t, 'train.stopped')).filter((e) => e.data.step === 'deploy').length, 1);
    });

    it('a server that lost its lease cannot finish the run; the one that took it over can', async () => {
      const db = t.app.database.db;
      const row = runRow({ product_id: productId, day: '2026-12-01T09:30:00.000Z', step: 'cut', lease_owner: 'train-a', lease_expires_at: '2026-12-01T09:31:00.000Z' });
      assert.equal(await insertRun(db, row), true);
      assert.equal(await insertRun(db, { ...row, id: 'another', lease_owner: 'train-z' }), false, 'the unique run admits one claim');
      assert.equal(await takeOverRun(db, row, { owner: 'train-b', expiresAt: '2026-12-01T09:33:00.000Z', at: '2026-12-01T09:32:00.000Z' }), true);
      assert.equal(await takeOverRun(db, row, { owner: 'train-c', expiresAt: '2026-12-01T09:33:00.000Z', at: '2026-12-01T09:32:00.000Z' }), false, 'a takeover on stale knowledge fails');
      const result = { state: 'skipped' as const, outcome: 'test', version: null };
      assert.equal(await finishRun(db, row.id, 'train-a', result, '2026-12-01T09:32:30.000Z'), false);
      assert.equal(await finishRun(db, row.id, 'train-b', result, '2026-12-01T09:32:30.000Z'), true);
      assert.equal(await finishRun(db, row.id, 'train-b', result, '2026-12-01T09:32:40.000Z'), false, 'a finished run stays finished');
    });

    it('announces a deployment window opening and closing once across servers', async () => {
      clock.set(later(FRI.deploy, 120_000));
      await everyone();
      clock.set('2026-12-04T12:30:00.000Z');
      await everyone();
      await everyone();
      const opened = await eventsOfType(t, 'window.opened');
      const closed = await eventsOfType(t, 'window.closed');
      assert.deepEqual(opened.map((e) => [e.data.ring, e.data.opensAt, e.data.closesAt]), [['production', FRI.deploy, '2026-12-04T12:30:00.000Z']]);
      assert.deepEqual(closed.map((e) => [e.data.ring, e.data.opensAt]), [['production', FRI.deploy]]);
      assert.equal(closed[0]?.summary, 'daily-train production window closed (it opened Fri 4 Dec 2026 at 17:00 Asia/Kolkata)');
    });

    it('does not announce windows that changed longer ago than the grace', async () => {
      // Monday's window was 17:00-18:00 IST (11:30-12:30Z); at 19:30 IST its close is 1.5 h old.
      clock.set('2026-12-07T14:00:00.000Z');
      await everyone();
      assert.equal((await eventsOfType(t, 'window.opened')).length, 1);
      assert.equal((await eventsOfType(t, 'window.closed')).length, 1);
    });
  });
}

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

describe('two servers on one PostgreSQL database run the train once', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const clock = createTestClock('2026-12-04T09:00:00.000Z');
  let apps: App[];
  let token: string;

  async function call(app: App, method: 'GET' | 'POST', url: string, body?: object): Promise<Json> {
    const res = await app.http.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Json;
  }

  before(async () => {
    const database = await freshDatabase('postgres', { migrate: false });
    cleanups.push(database.cleanup);
    const key = randomBytes(32).toString('base64');
    const configs = [0, 1].map(() => {
      const dataDir = mkdtempSync(join(tmpdir(), 'rm-train-pair-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      return loadConfig({ RINGMASTER_SECRET_KEY: key }, { dataDir, databaseUrl: database.options.databaseUrl });
    });
    apps = [];
    // One after the other: the first migrates and makes the admin.
    for (const config of configs) apps.push(await createApp(config, { logger: quiet(), clock }));
    cleanups.push(async () => void (await Promise.all(apps.map((a) => a.close()))));
    token = apps[0]!.adminToken!;
    await call(apps[0]!, 'POST', '/api/products/apply', { source: TRAIN_PRODUCT_FILE, fileName: 'daily-train.yaml' });
    for (const component of ['api', 'web']) await call(apps[1]!, 'POST', `/api/products/${TRAIN_PRODUCT}/builds`, buildBody(component, '1.0.0'));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('both call upkeep at the cut time: one release, one train.cut event', async () => {
    clock.set(FRI.cut);
    await Promise.all([...apps, ...apps].map((a) => a.train.upkeep()));
    const releases = (await call(apps[1]!, 'GET', `/api/products/${TRAIN_PRODUCT}/releases`)).releases as Json[];
    assert.deepEqual(releases.map((r) => r.version), ['0.1.0']);
    const cuts = (await call(apps[0]!, 'GET', '/api/events?type=train.cut&limit=100')).events as Json[];
    assert.equal(cuts.length, 1);
    const runs = await apps[0]!.database.db.selectFrom('train_runs').selectAll().where('day', '=', FRI.cut).execute();
    assert.deepEqual(runs.map((r) => [r.step, r.state]), [['cut', 'done']]);
  });
});
