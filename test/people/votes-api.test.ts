/**
 * Go/No-Go votes through the API on both engines: opening, who may vote as
 * what, the veto, the quorum, the latest vote per role, the deadline, and the
 * decision recorded once however many servers decide.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decideClosedVotes } from '../../src/votes/decide-votes.ts';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { callsAs, countRows, eventsOf, PRODUCT, refusalCheck, setUpPeople } from './people-fixture.ts';

const R = `/api/products/${PRODUCT}/releases`;

for (const dialect of DIALECTS) {
  describe(`Go/No-Go votes [${dialect}]`, () => {
    const clock = createTestClock('2026-12-04T10:00:00.000Z');
    let t: TestApp;
    let tokens: Record<string, string>;
    const { call, ok } = apiCalls(() => t);
    const as = callsAs(() => t, () => tokens);
    const production = async (version: string): Promise<Json> => (await ok('GET', `${R}/${version}/votes`)).rings.find((r: Json) => r.ring === 'production');
    const vote = (who: string, version: string, body: Json) => as(who).call('POST', `${R}/${version}/votes/production`, body);
    const counts = async () => ({ ballots: await countRows(t, 'ballots'), rounds: await countRows(t, 'vote_rounds'), events: await countRows(t, 'events') });

    const refused = refusalCheck(as, counts);

    /** Through dev and staging (its checklist ticked), so that only the vote stands before production. */
    async function readyForProduction(version: string): Promise<void> {
      await ok('POST', `${R}/${version}/promote`, { ring: 'dev' });
      await t.app.worker.settle();
      await as('carol').ok('PUT', `${R}/${version}/checklists/staging/qa/automation-passed`, { link: 'https://ci.example/runs/1' });
      await as('carol').ok('PUT', `${R}/${version}/checklists/staging/qa/sanity-owner`, {});
      for (const id of ['branch-and-tag', 'release-notes', 'recovery-and-on-call', 'deployment-provisions']) await as('dave').ok('PUT', `${R}/${version}/checklists/staging/sre/${id}`, {});
      await ok('POST', `${R}/${version}/promote`, { ring: 'staging' });
      await t.app.worker.settle();
    }

    before(async () => {
      t = await createTestApp(dialect, { clock });
      tokens = await setUpPeople(t, ['1.0.0', '1.1.0', '1.2.0', '1.3.0']);
    });
    after(() => t.cleanup());

    it('shows each ring with a vote: its roles and who holds them, veto, quorum, and that it has not opened', async () => {
      const votes = await as('vic').ok('GET', `${R}/1.0.0/votes`);
      assert.deepEqual(votes, {
        rings: [
          {
            ring: 'production',
            roles: ['module-lead', 'product', 'qa', 'sre'],
            // sam is named sre in the product file and holds qa as his own role.
            holders: { 'module-lead': ['mia'], product: ['pat'], qa: ['carol', 'sam'], sre: ['dave', 'sam'] },
            veto: ['qa', 'sre'],
            quorum: 3,
            openedAt: null,
            closesAt: null,
            openedBy: null,
            decision: null,
            decisionReason: null,
            decidedAt: null,
            ballots: [],
            latest: {},
            verdict: { gate: 'vote', kind: 'vote', status: 'waiting', reason: 'the Go/No-Go vote has not opened' },
          },
        ],
      });
    });

    it('refuses votes before the round opens, and opening by someone who may not promote or with a past closing time', async () => {
      const early = await refused('carol', 'POST', `${R}/1.0.0/votes/production`, { vote: 'go' }, 409, /^the Go\/No-Go for production has not opened: daily-train 1\.0\.0 takes votes once a release manager opens it/);
      assert.equal(early.error.code, 'vote_not_open');
      await refused('carol', 'POST', `${R}/1.0.0/votes/production/open`, {}, 403, /role 'qa' may not promote releases/);
      await refused('alice', 'POST', `${R}/1.0.0/votes/production/open`, { closesAt: '2026-12-04T09:59:59Z' }, 400, /closesAt 2026-12-04T09:59:59\.000Z is not in the future \(it is 2026-12-04T10:00:00\.000Z now\)/);
      await refused('alice', 'POST', `${R}/1.0.0/votes/production/open`, { closesAt: 'tomorrow' }, 400, /closesAt must be an ISO-8601 time/);
      await refused('alice', 'POST', `${R}/1.0.0/votes/staging/open`, {}, 400, /ring staging of daily-train has no Go\/No-Go vote gate \(rings with a vote: production\)/);
      await refused('alice', 'POST', `${R}/1.0.0/votes/prodution/open`, {}, 404, /daily-train has no ring 'prodution' \(did you mean 'production'\?\)/);
    });

    it('opens the round once, closing at the gate deadline, with an event', async () => {
      const opened = await as('alice').ok('POST', `${R}/1.0.0/votes/production/open`, {});
      assert.equal(opened.openedAt, '2026-12-04T10:00:00.000Z');
      assert.equal(opened.closesAt, '2026-12-04T11:00:00.000Z', 'the gate is open for an hour');
      assert.equal(opened.openedBy, 'user:alice');
      assert.equal(opened.verdict.reason, '0 of 3 go votes; waiting for module-lead, product, qa, sre');
      const events = await eventsOf(t, 'vote.opened', '1.0.0');
      assert.equal(events.length, 1);
      assert.equal(events[0]!.summary, 'vote opened on daily-train 1.0.0 for production: module-lead, product, qa, sre vote (3 go votes needed), qa and sre can veto; closes 2026-12-04T11:00:00.000Z');
      assert.equal(events[0]!.data.product, PRODUCT);
      await refused('alice', 'POST', `${R}/1.0.0/votes/production/open`, {}, 409, /the Go\/No-Go on daily-train 1\.0\.0 for production is already open since 2026-12-04T10:00:00\.000Z \(opened by user:alice\)/);
    });

    it('refuses votes by people who hold no voting role, by roles not held, by non-people, and a no-go without a reason', async () => {
      const url = `${R}/1.0.0/votes/production`;
      const none = await refused('alice', 'POST', url, { vote: 'go' }, 403, /^alice holds none of the roles that vote on production of daily-train; they are held by: module-lead \(mia\), product \(pat\), qa \(carol, sam\), sre \(dave, sam\)$/);
      assert.equal(none.error.code, 'not_allowed');
      await refused('admin', 'POST', url, { vote: 'go' }, 403, /admin holds none of the roles that vote/);
      await refused('vic', 'POST', url, { vote: 'go' }, 403, /role 'viewer' may not vote on releases/);
      await refused('ci', 'POST', url, { vote: 'go' }, 403, /a ci token may not/);
      await refused('sam', 'POST', url, { vote: 'go' }, 400, /sam holds several voting roles of production of daily-train \(qa, sre\): say which one this vote is for with role/);
      await refused('sam', 'POST', url, { vote: 'go', role: 'release-manager' }, 400, /release-manager does not vote on production of daily-train: the voting roles are module-lead, product, qa, sre/);
      await refused('sam', 'POST', url, { vote: 'go', role: 'product' }, 403, /sam does not hold the role product for daily-train, so cannot vote as it; product \(pat\)/);
      await refused('carol', 'POST', url, { vote: 'no-go' }, 400, /a no-go needs a reason/);
      await refused('carol', 'POST', url, { vote: 'no-go', reason: '   ' }, 400, /a no-go needs a reason/);
      await refused('carol', 'POST', url, { vote: 'maybe' }, 400, /vote/);
      await refused('carol', 'POST', `${R}/1.0.0/votes/dev`, { vote: 'go' }, 400, /ring dev of daily-train has no Go\/No-Go vote gate/);
    });

    it("keeps every ballot, counts each role's latest, and a veto's no-go blocks the promotion with its reason", async () => {
      await readyForProduction('1.0.0');
      clock.advance(60_000);
      const noGo = await vote('carol', '1.0.0', { vote: 'no-go', reason: 'login broken' });
      assert.equal(noGo.status, 200, noGo.text);
      assert.deepEqual(noGo.body.verdict, { gate: 'vote', kind: 'vote', status: 'fail', reason: 'qa (carol) voted no-go: login broken' });
      const cast = await eventsOf(t, 'vote.cast', '1.0.0');
      assert.equal(cast.at(-1)!.summary, 'carol (qa) voted no-go on daily-train 1.0.0 for production: login broken');
      assert.deepEqual(cast.at(-1)!.data, { product: PRODUCT, version: '1.0.0', ring: 'production', role: 'qa', user: 'carol', vote: 'no-go', reason: 'login broken' });

      for (const who of ['mia', 'pat']) {
        clock.advance(1_000);
        assert.equal((await vote(who, '1.0.0', { vote: 'go' })).status, 200);
      }
      clock.advance(1_000);
      assert.equal((await vote('sam', '1.0.0', { vote: 'go', role: 'sre', reason: 'dashboards green' })).status, 200);
      const blocked = await call('POST', `${R}/1.0.0/promote`, { ring: 'production' });
      assert.equal(blocked.status, 409, blocked.text);
      assert.equal(blocked.body.error.code, 'gates_blocked');
      assert.match(blocked.body.error.message, /vote: qa \(carol\) voted no-go: login broken/);

      clock.advance(60_000);
      const changed = await vote('carol', '1.0.0', { vote: 'go', reason: 'fixed in the build' });
      assert.equal(changed.status, 200, changed.text);
      const view = changed.body;
      assert.equal(view.ballots.length, 5, 'every ballot is kept');
      assert.deepEqual(view.ballots.map((b: Json) => `${b.user}/${b.role}/${b.vote}`), ['carol/qa/no-go', 'mia/module-lead/go', 'pat/product/go', 'sam/sre/go', 'carol/qa/go']);
      assert.deepEqual(Object.fromEntries(Object.entries(view.latest as Record<string, Json>).map(([role, b]) => [role, `${b.user} ${b.vote}`])), {
        qa: 'carol go',
        'module-lead': 'mia go',
        product: 'pat go',
        sre: 'sam go',
      });
      assert.deepEqual(view.verdict, { gate: 'vote', kind: 'vote', status: 'pass', reason: '4 of 3 go votes (module-lead, product, qa, sre)' });
      const promoted = await call('POST', `${R}/1.0.0/promote`, { ring: 'production' });
      assert.equal(promoted.status, 200, promoted.text);
      await t.app.worker.settle();
    });

    it('waits for the quorum: two go votes of three needed are not enough, the third passes', async () => {
      await as('alice').ok('POST', `${R}/1.1.0/votes/production/open`, { closesAt: '2026-12-04T10:30:00Z' });
      assert.equal((await production('1.1.0')).closesAt, '2026-12-04T10:30:00.000Z', "the round's own closing time comes before the gate's deadline");
      await vote('mia', '1.1.0', { vote: 'go' });
      await vote('dave', '1.1.0', { vote: 'go' });
      assert.deepEqual((await production('1.1.0')).verdict, { gate: 'vote', kind: 'vote', status: 'waiting', reason: '2 of 3 go votes; waiting for product, qa' });
      await vote('pat', '1.1.0', { vote: 'no-go', reason: 'pricing page wrong' });
      assert.equal((await production('1.1.0')).verdict.reason, '2 of 3 go votes; waiting for qa', "product's no-go is no veto");
      await vote('carol', '1.1.0', { vote: 'go' });
      assert.equal((await production('1.1.0')).verdict.status, 'pass');
    });

    it('refuses votes after the round closes, saying what the decision is', async () => {
      clock.set('2026-12-04T10:30:00.000Z');
      // The server's own upkeep may have recorded the decision already ("was"); otherwise the gate says what it is.
      const ballots = await countRows(t, 'ballots');
      const late = await vote('pat', '1.1.0', { vote: 'go' });
      assert.equal(late.status, 409, late.text);
      assert.equal(late.body.error.code, 'vote_closed');
      assert.match(late.body.error.message, /^votes on daily-train 1\.1\.0 for production closed at 2026-12-04T10:30:00\.000Z: the decision (is|was) go \(3 of 3 go votes \(module-lead, qa, sre\)\); a vote can no longer change$/);
      assert.equal(await countRows(t, 'ballots'), ballots);
    });

    it('decides closed rounds exactly once, however many servers try at the same time', async () => {
      // 1.2.0: opened now, with one no-go that is no veto and too few go votes by the deadline.
      await as('alice').ok('POST', `${R}/1.2.0/votes/production/open`, {});
      await vote('mia', '1.2.0', { vote: 'go' });
      // 1.3.0: QA's veto.
      await as('alice').ok('POST', `${R}/1.3.0/votes/production/open`, {});
      await vote('carol', '1.3.0', { vote: 'no-go', reason: 'checkout crashes' });
      for (const who of ['mia', 'pat', 'dave']) await vote(who, '1.3.0', { vote: 'go' });

      const decided = async (version: string) => {
        const round = await production(version);
        const events = await eventsOf(t, 'vote.decided', version);
        assert.equal(events.length, 1, `${version}: one vote.decided event`);
        return { decision: round.decision, reason: round.decisionReason, decidedAt: round.decidedAt, summary: events[0]!.summary };
      };
      // The server's train upkeep decides rounds every second too: another decider racing these calls, as a second server would.
      assert.ok((await decideClosedVotes(t.app.database.db, clock.now())) <= 1, 'only 1.1.0 has closed');
      assert.equal((await decided('1.1.0')).decision, 'go');
      assert.equal((await production('1.0.0')).decision, null, '1.0.0 closes at 11:00');
      const before = await countRows(t, 'events');
      clock.set('2026-12-04T11:30:00.000Z');
      const passes = await Promise.all([0, 1, 2, 3].map(() => decideClosedVotes(t.app.database.db, clock.now())));
      assert.ok(passes.reduce((a, b) => a + b, 0) <= 3, `the three rounds of 1.0.0, 1.2.0 and 1.3.0 are decided at most once each: ${passes.join(', ')}`);
      assert.equal(await countRows(t, 'events'), before + 3, 'one vote.decided event per round, whoever decided it');
      assert.equal(await decideClosedVotes(t.app.database.db, clock.now()), 0);

      assert.deepEqual(await decided('1.0.0'), {
        decision: 'go',
        reason: '4 of 3 go votes (module-lead, product, qa, sre)',
        decidedAt: '2026-12-04T11:00:00.000Z',
        summary: 'Go/No-Go on daily-train 1.0.0 for production decided go: 4 of 3 go votes (module-lead, product, qa, sre)',
      });
      assert.deepEqual(await decided('1.1.0'), {
        decision: 'go',
        reason: '3 of 3 go votes (module-lead, qa, sre)',
        decidedAt: '2026-12-04T10:30:00.000Z',
        summary: 'Go/No-Go on daily-train 1.1.0 for production decided go: 3 of 3 go votes (module-lead, qa, sre)',
      });
      assert.deepEqual(await decided('1.2.0'), {
        decision: 'no-go',
        reason: 'the vote closed at 2026-12-04T11:30:00.000Z with 1 of 3 go votes',
        decidedAt: '2026-12-04T11:30:00.000Z',
        summary: 'Go/No-Go on daily-train 1.2.0 for production decided no-go: the vote closed at 2026-12-04T11:30:00.000Z with 1 of 3 go votes',
      });
      assert.equal((await decided('1.3.0')).reason, 'qa (carol) voted no-go: checkout crashes');
      assert.equal((await eventsOf(t, 'vote.decided', '1.3.0'))[0]!.data.decision, 'no-go');

      await refused('carol', 'POST', `${R}/1.3.0/votes/production`, { vote: 'go' }, 409, /closed at 2026-12-04T11:30:00\.000Z: the decision was no-go \(qa \(carol\) voted no-go: checkout crashes\)/);
      const intoDev = await call('POST', `${R}/1.3.0/promote`, { ring: 'dev' });
      assert.equal(intoDev.status, 200, 'the vote only stands before production');
      await t.app.worker.settle();
    });

    it('refuses votes and opening on a release that will not move again', async () => {
      await ok('POST', `${R}/1.2.0/reject`, { reason: 'no quorum' });
      await refused('carol', 'POST', `${R}/1.2.0/votes/production`, { vote: 'go' }, 409, /daily-train 1\.2\.0 is rejected: its Go\/No-Go no longer counts/);
      await refused('alice', 'POST', `${R}/1.2.0/votes/production/open`, {}, 409, /is rejected/);
      assert.equal((await production('1.2.0')).decision, 'no-go', 'its votes stay readable');
    });
  });
}
