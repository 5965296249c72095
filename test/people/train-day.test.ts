/**
 * The acceptance test of the release train, with a simulated clock, on both
 * engines. Day one: the candidate is cut at 15:00 Asia/Kolkata, the vote opens
 * at 16:00, QA votes no-go with a reason (a veto) and at 17:00 the release
 * does not go. Day two: every checklist is ticked, all vote go, and the
 * release enters production at 17:00 in the named zone. A frozen day cuts nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CHECKLISTS } from '../../src/checklists/default-checklists.ts';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { callsAs } from './people-fixture.ts';
import { eventsOfType, setUpTrain, TRAIN_PRODUCT, trainRuns } from './train-fixture.ts';

const P = `/api/products/${TRAIN_PRODUCT}`;
const R = `${P}/releases`;

// Thursday 3 and Friday 4 December 2026: 15:00, 16:00 and 17:00 IST are 09:30, 10:30 and 11:30 UTC.
const WED = '2026-12-02T09:30:00.000Z';
const THU = { cut: '2026-12-03T09:30:00.000Z', vote: '2026-12-03T10:30:00.000Z', deploy: '2026-12-03T11:30:00.000Z' };
const FRI = { cut: '2026-12-04T09:30:00.000Z', vote: '2026-12-04T10:30:00.000Z', deploy: '2026-12-04T11:30:00.000Z' };

for (const dialect of DIALECTS) {
  describe(`a day of the release train, Asia/Kolkata [${dialect}]`, () => {
    const clock = createTestClock('2026-12-03T08:00:00.000Z'); // Thursday 13:30 IST
    let t: TestApp;
    let tokens: Record<string, string>;
    const { ok } = apiCalls(() => t);
    const as = callsAs(() => t, () => tokens);
    const upkeepAt = async (iso: string) => {
      clock.set(iso);
      await t.app.train.upkeep();
    };
    const release = (version: string) => ok('GET', `${R}/${version}`);
    const runs = () => trainRuns(t.app.database.db);
    const releaseCount = async () => (await ok('GET', `${R}?limit=100`)).releases.length as number;

    before(async () => {
      t = await createTestApp(dialect, { clock });
      tokens = await setUpTrain(t);
      for (const component of ['api', 'web']) await ok('POST', `${P}/builds`, buildBody(component, '1.0.0'));
    });
    after(() => t.cleanup());

    it('a train applied mid-day leaves the steps due before the product existed alone', async () => {
      await t.app.train.upkeep();
      assert.equal((await runs()).size, 0);
      assert.equal((await eventsOfType(t, 'train.')).length, 0);
      const train = await ok('GET', `${P}/train`);
      assert.equal(train.today.day, WED, "Thursday 13:30 IST is still Wednesday's train day");
      assert.deepEqual(train.today.steps.map((s: Json) => [s.step, s.state, s.outcome]), [
        ['cut', 'skipped', 'not run: due before the product was created'],
        ['vote', 'skipped', 'not run: due before the product was created'],
        ['deploy', 'skipped', 'not run: due before the product was created'],
      ]);
      assert.deepEqual(train.next, { cutAt: THU.cut, voteAt: THU.vote, deployAt: THU.deploy });
    });

    it('day one, 15:00 IST: cuts a candidate from the latest green builds and announces when it will ship', async () => {
      await upkeepAt(THU.cut);
      const r = await release('0.1.0');
      assert.equal(r.createdBy, 'ringmaster');
      const [created] = await eventsOfType(t, 'release.created');
      assert.deepEqual([created?.actor, created?.data.state], ['ringmaster', 'candidate']);
      assert.deepEqual(r.builds.map((b: Json) => `${b.component} ${b.version}`), ['api 1.0.0', 'web 1.0.0']);
      const cut = (await runs()).get(`${THU.cut} cut`);
      assert.deepEqual([cut?.state, cut?.version, cut?.outcome], ['done', '0.1.0', 'cut 0.1.0: api 1.0.0, web 1.0.0']);
      const [scheduled] = await eventsOfType(t, 'release.scheduled');
      assert.equal(scheduled?.summary, 'daily-train 0.1.0 is scheduled for production on Thu 3 Dec 2026 at 17:00 Asia/Kolkata (Go/No-Go at 16:00)');
      assert.deepEqual(scheduled?.data, { product: TRAIN_PRODUCT, version: '0.1.0', ring: 'production', deployAt: THU.deploy, voteAt: THU.vote, timezone: 'Asia/Kolkata' });
      assert.equal((await eventsOfType(t, 'train.cut')).length, 1);
      const stored = await t.app.database.db.selectFrom('releases').select('components').where('version', '=', '0.1.0').executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(stored.components!).map((c: Json) => c.name), ['api', 'web'], 'the components snapshot is stored');

      await t.app.worker.settle();
      assert.equal((await release('0.1.0')).rings[0].state, 'succeeded', 'dev takes every release');
    });

    it('a second upkeep the same minute cuts nothing more', async () => {
      await t.app.train.upkeep();
      assert.equal(await releaseCount(), 1);
      assert.equal((await eventsOfType(t, 'train.cut')).length, 1);
    });

    it('day one, 16:00 IST: opens the Go/No-Go, closing at the deploy time; QA votes no-go', async () => {
      await upkeepAt(THU.vote);
      const production = (await ok('GET', `${R}/0.1.0/votes`)).rings.find((r: Json) => r.ring === 'production');
      assert.deepEqual([production.openedAt, production.closesAt, production.openedBy], [THU.vote, THU.deploy, 'ringmaster']);
      assert.equal((await eventsOfType(t, 'vote.opened')).length, 1);

      clock.set('2026-12-03T10:45:00.000Z');
      await as('carol').ok('POST', `${R}/0.1.0/votes/production`, { vote: 'no-go', reason: 'load test shows p99 at 900 ms' });
      for (const who of ['mia', 'dave', 'pat']) await as(who).ok('POST', `${R}/0.1.0/votes/production`, { vote: 'go' });
    });

    it('day one, 17:00 IST: the release does not go, and the train says why (QA’s veto)', async () => {
      await upkeepAt(THU.deploy);
      const deploy = (await runs()).get(`${THU.cut} deploy`);
      assert.equal(deploy?.state, 'failed');
      assert.match(deploy?.outcome ?? '', /^did not go: .*vote: qa \(carol\) voted no-go: load test shows p99 at 900 ms/);
      const [decided] = await eventsOfType(t, 'vote.decided');
      assert.equal(decided?.data.decision, 'no-go');
      assert.match(decided?.data.reason, /qa \(carol\) voted no-go: load test shows p99 at 900 ms/);
      const [stopped] = (await eventsOfType(t, 'train.stopped')).filter((e) => e.data.step === 'deploy');
      assert.equal(stopped?.data.version, '0.1.0');
      assert.ok(stopped?.data.verdicts.some((v: Json) => v.gate === 'vote' && v.status === 'fail'), 'the verdicts come with the event');
      const r = await release('0.1.0');
      assert.equal(r.rings[1].state, null, 'not in production');
      assert.equal((await eventsOfType(t, 'rollout.started')).filter((e) => e.data.ring === 'production').length, 0);
      assert.deepEqual((await eventsOfType(t, 'window.opened')).map((e) => e.data.opensAt), [THU.deploy], 'the deployment window opened all the same');
    });

    it('day one, after 17:00 IST: a late vote is refused, the round closed at the deploy time', async () => {
      clock.set('2026-12-03T11:35:00.000Z');
      const before = await t.app.database.db.selectFrom('ballots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const late = await as('carol').call('POST', `${R}/0.1.0/votes/production`, { vote: 'go', reason: 'fixed now' });
      assert.equal(late.status, 409, late.text);
      assert.match(late.body.error.message, /votes on daily-train 0\.1\.0 for production closed at 2026-12-03T11:30:00\.000Z/);
      const after = await t.app.database.db.selectFrom('ballots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('day two, 15:00 IST: new builds make a new candidate', async () => {
      clock.set('2026-12-04T05:00:00.000Z');
      await ok('POST', `${P}/builds`, buildBody('api', '1.1.0'));
      await upkeepAt(FRI.cut);
      const r = await release('0.2.0');
      assert.deepEqual(r.builds.map((b: Json) => `${b.component} ${b.version}`), ['api 1.1.0', 'web 1.0.0']);
      await t.app.worker.settle();
      assert.equal((await release('0.2.0')).rings[0].state, 'succeeded');
    });

    it('day two: each role ticks its checklist through the API; a tick for another role is refused', async () => {
      const wrong = await as('carol').call('PUT', `${R}/0.2.0/checklists/production/sre/branch-and-tag`, {});
      assert.equal(wrong.status, 403, wrong.text);
      assert.match(wrong.body.error.message, /carol/);
      for (const [who, role] of [['mia', 'module-lead'], ['dave', 'sre'], ['carol', 'qa']] as const) {
        for (const item of DEFAULT_CHECKLISTS[role]!) {
          const evidence = item.evidence === 'required' ? { link: 'https://ci.example/load-tests/812' } : {};
          await as(who).ok('PUT', `${R}/0.2.0/checklists/production/${role}/${item.id}`, { note: 'checked', ...evidence });
        }
      }
      const lists = await ok('GET', `${R}/0.2.0/checklists`);
      assert.equal(lists.rings.find((r: Json) => r.ring === 'production').verdict.status, 'pass');
    });

    it('day two, 16:00 IST: all vote go; at 16:30 a role that does not vote is refused', async () => {
      await upkeepAt(FRI.vote);
      for (const who of ['mia', 'dave', 'carol', 'pat']) await as(who).ok('POST', `${R}/0.2.0/votes/production`, { vote: 'go', reason: 'ready' });
      clock.set('2026-12-04T11:00:00.000Z');
      const before = await t.app.database.db.selectFrom('ballots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const refused = await as('alice').call('POST', `${R}/0.2.0/votes/production`, { vote: 'go' });
      assert.equal(refused.status, 403, refused.text);
      assert.match(refused.body.error.message, /alice holds none of the roles that vote/);
      const after = await t.app.database.db.selectFrom('ballots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n), 'the refused vote left no ballot');
    });

    it('day two, 17:00 IST: the release enters production at exactly 17:00 Asia/Kolkata and succeeds', async () => {
      await upkeepAt(FRI.deploy);
      const started = (await eventsOfType(t, 'rollout.started')).filter((e) => e.data.ring === 'production');
      assert.equal(started.length, 1);
      assert.deepEqual([started[0]?.at, started[0]?.actor, started[0]?.data.version], [FRI.deploy, 'ringmaster', '0.2.0']);
      const deploy = (await runs()).get(`${FRI.cut} deploy`);
      assert.deepEqual([deploy?.state, deploy?.version, deploy?.outcome], ['done', '0.2.0', 'promoted 0.2.0 to production']);
      assert.equal((await eventsOfType(t, 'train.deployed')).length, 1);
      const opened = (await eventsOfType(t, 'window.opened')).filter((e) => e.data.opensAt === FRI.deploy);
      assert.deepEqual(opened.map((e) => e.summary), ['daily-train production window opened, until 18:00 Asia/Kolkata']);
      await t.app.worker.settle();
      const r = await release('0.2.0');
      assert.equal(r.rings[1].state, 'succeeded');
      assert.equal(r.state, 'done');
    });

    it('a vote after 17:00 is refused: the release is done', async () => {
      clock.set('2026-12-04T11:31:00.000Z');
      const late = await as('carol').call('POST', `${R}/0.2.0/votes/production`, { vote: 'no-go', reason: 'too late' });
      assert.equal(late.status, 409, late.text);
      assert.match(late.body.error.message, /0\.2\.0 is done: its Go\/No-Go no longer counts/);
    });

    it("shows where the train stands: today's steps, the next day and the day before", async () => {
      const train = await ok('GET', `${P}/train`);
      assert.equal(train.timezone, 'Asia/Kolkata');
      assert.deepEqual(train.today.steps.map((s: Json) => [s.step, s.dueAt, s.state, s.version]), [
        ['cut', FRI.cut, 'done', '0.2.0'],
        ['vote', FRI.vote, 'done', '0.2.0'],
        ['deploy', FRI.deploy, 'done', '0.2.0'],
      ]);
      assert.deepEqual(train.next, { cutAt: '2026-12-07T09:30:00.000Z', voteAt: '2026-12-07T10:30:00.000Z', deployAt: '2026-12-07T11:30:00.000Z' });
      assert.deepEqual(train.recent.map((d: Json) => [d.day, d.steps.map((s: Json) => s.state)]), [[THU.cut, ['done', 'done', 'failed']]]);
    });

    it('the window closes at 18:00 IST, announced once', async () => {
      await upkeepAt('2026-12-04T12:30:00.000Z');
      await t.app.train.upkeep();
      const closed = await eventsOfType(t, 'window.closed');
      assert.equal(closed.length, 1);
      assert.equal(closed[0]?.data.ring, 'production');
    });

    it('a server down at 15:00 on Monday records the cut missed at 16:30; the vote finds nothing cut', async () => {
      await upkeepAt('2026-12-07T11:00:00.000Z');
      const recorded = await runs();
      const cut = recorded.get('2026-12-07T09:30:00.000Z cut');
      assert.deepEqual([cut?.state, cut?.outcome], ['skipped', 'missed: nobody ran it between 15:00 and 16:00 Asia/Kolkata']);
      const vote = recorded.get('2026-12-07T09:30:00.000Z vote');
      assert.deepEqual([vote?.state, vote?.outcome], ['skipped', 'nothing was cut today']);
      const stopped = (await eventsOfType(t, 'train.stopped')).at(-1);
      assert.deepEqual([stopped?.data.day, stopped?.data.step], ['2026-12-07T09:30:00.000Z', 'cut']);
      assert.equal(stopped?.summary, 'daily-train cut of the Mon 7 Dec 2026 train: missed: nobody ran it between 15:00 and 16:00 Asia/Kolkata');
      assert.equal(recorded.get('2026-12-07T09:30:00.000Z deploy'), undefined, 'the deploy is still to come');
    });

    it('a frozen day records the freeze and cuts nothing', async () => {
      clock.set('2026-12-24T05:00:00.000Z');
      await ok('POST', `${P}/builds`, buildBody('api', '1.2.0'));
      const before = await releaseCount();
      await upkeepAt('2026-12-24T09:30:00.000Z');
      const cut = (await runs()).get('2026-12-24T09:30:00.000Z cut');
      assert.deepEqual([cut?.state, cut?.outcome], ['skipped', 'frozen: year-end freeze until Mon 4 Jan 2027 at 00:00 Asia/Kolkata']);
      assert.equal(await releaseCount(), before);
      const stopped = (await eventsOfType(t, 'train.stopped')).at(-1);
      assert.equal(stopped?.data.step, 'cut');
      assert.deepEqual(stopped?.data.frozen, { reason: 'year-end freeze', until: '2027-01-03T18:30:00.000Z' });
      const train = await ok('GET', `${P}/train`);
      assert.deepEqual(train.frozen, { reason: 'year-end freeze', until: '2027-01-03T18:30:00.000Z' });

      await upkeepAt('2026-12-24T10:30:00.000Z');
      const vote = (await runs()).get('2026-12-24T09:30:00.000Z vote');
      assert.deepEqual([vote?.state, vote?.outcome], ['skipped', 'frozen: year-end freeze until Mon 4 Jan 2027 at 00:00 Asia/Kolkata']);
      assert.equal((await eventsOfType(t, 'train.skipped')).filter((e) => e.data.day === '2026-12-24T09:30:00.000Z').length, 1, 'a vote with nothing cut is recorded quietly');

      await upkeepAt('2026-12-24T11:30:00.000Z');
      assert.equal((await runs()).get('2026-12-24T09:30:00.000Z deploy')?.state, 'skipped');
      assert.deepEqual((await eventsOfType(t, 'window.opened')).map((e) => e.data.opensAt), [THU.deploy, FRI.deploy], 'a window inside a freeze does not open, so it is not announced');
    });
  });
}
