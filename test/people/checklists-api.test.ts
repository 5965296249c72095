/**
 * Role checklists through the API on both engines: who may tick, evidence
 * links and files, the checklist gate, unticking, and refusals that change nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { callsAs, countRows, eventsOf, PRODUCT, refusalCheck, SRE_DEFAULT_ITEMS, setUpPeople } from './people-fixture.ts';

const R = `/api/products/${PRODUCT}/releases`;
const item = (version: string, role: string, id: string, ring = 'staging') => `${R}/${version}/checklists/${ring}/${role}/${id}`;

for (const dialect of DIALECTS) {
  describe(`checklists [${dialect}]`, () => {
    const clock = createTestClock();
    let t: TestApp;
    let tokens: Record<string, string>;
    const { call, ok } = apiCalls(() => t);
    const as = callsAs(() => t, () => tokens);
    const stagingVerdict = async (version: string): Promise<Json> => (await ok('GET', `${R}/${version}/gates?ring=staging`)).verdicts.find((v: Json) => v.kind === 'checklist');
    const counts = async () => ({ ticks: await countRows(t, 'checklist_ticks'), files: await countRows(t, 'evidence_files'), events: await countRows(t, 'events') });

    const refused = refusalCheck(as, counts);

    before(async () => {
      t = await createTestApp(dialect, { clock });
      tokens = await setUpPeople(t, ['1.0.0', '1.1.0']);
      await ok('POST', `${R}/1.0.0/promote`, { ring: 'dev' });
      await t.app.worker.settle();
    });
    after(() => t.cleanup());

    it("lists each ring's checklist: roles, who holds them, items with the product file's and the default ones, and the verdict", async () => {
      const list = await as('vic').ok('GET', `${R}/1.0.0/checklists`);
      assert.equal(list.rings.length, 1, 'only staging has a checklist');
      const staging = list.rings[0];
      assert.equal(staging.ring, 'staging');
      assert.deepEqual(staging.roles.map((r: Json) => [r.role, r.holders]), [['qa', ['carol', 'sam']], ['sre', ['dave', 'sam']]]);
      const qa = staging.roles[0].items;
      assert.deepEqual(qa.map((i: Json) => [i.id, i.required, i.evidence, i.tick]), [
        ['automation-passed', true, 'required', null],
        ['sanity-owner', true, 'optional', null],
        ['exploratory', false, 'optional', null],
      ]);
      assert.deepEqual(staging.roles[1].items.map((i: Json) => i.id), SRE_DEFAULT_ITEMS);
      assert.deepEqual(staging.verdict, {
        gate: 'checklist',
        kind: 'checklist',
        status: 'waiting',
        reason: '6 required items not ticked: qa: automation-passed, sanity-owner (and 1 more)',
      });
      const one = await ok('GET', `${R}/1.0.0/checklists?ring=staging`);
      assert.deepEqual(one, list);
    });

    it('refuses ticks by the wrong role, by someone without the permission and by a token that is not a person', async () => {
      const wrong = await refused('dave', 'PUT', item('1.0.0', 'qa', 'sanity-owner'), {}, 403, /^dave does not hold the role qa for daily-train, so cannot tick its checklist items; qa is held by carol, sam$/);
      assert.equal(wrong.error.code, 'not_allowed');
      await refused('alice', 'PUT', item('1.0.0', 'sre', 'release-notes'), {}, 403, /alice does not hold the role sre .* sre is held by dave, sam/);
      await refused('admin', 'PUT', item('1.0.0', 'qa', 'sanity-owner'), {}, 403, /admin does not hold the role qa/);
      await refused('vic', 'PUT', item('1.0.0', 'qa', 'sanity-owner'), {}, 403, /role 'viewer' may not vote on releases and tick their checklists/);
      await refused('ci', 'PUT', item('1.0.0', 'qa', 'sanity-owner'), {}, 403, /a ci token may not/);
      await refused('dave', 'DELETE', item('1.0.0', 'qa', 'sanity-owner'), undefined, 403, /dave does not hold the role qa/);
    });

    it('says what exists when the ring, role or item is unknown, and that a ring has no checklist', async () => {
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'sanity-owner', 'stagign'), {}, 404, /daily-train has no ring 'stagign' \(did you mean 'staging'\?\); rings are dev, staging, production/);
      await refused('carol', 'PUT', item('1.0.0', 'qaa', 'sanity-owner'), {}, 404, /the checklist of staging in daily-train has no role 'qaa' \(did you mean 'qa'\?\); its roles are qa, sre/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'sanity-ownr'), {}, 404, /qa's checklist for staging has no item 'sanity-ownr' \(did you mean 'sanity-owner'\?\); its items are automation-passed, sanity-owner, exploratory/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'sanity-owner', 'production'), {}, 400, /ring production of daily-train has no checklist gate: nothing to tick \(rings with checklists: staging\)/);
      await refused('carol', 'PUT', item('9.9.9', 'qa', 'sanity-owner'), {}, 404, /daily-train has no release 9\.9\.9/);
      await refused('carol', 'GET', `${R}/1.0.0/checklists?ring=dev`, undefined, 400, /ring dev of daily-train has no checklist gate/);
    });

    it('wants evidence where the item asks for it: an http(s) link or a file', async () => {
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'automation-passed'), { note: 'all green' }, 400, /qa's item automation-passed needs evidence: give a link \(--link URL\) or attach a file \(--file PATH\)/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'automation-passed'), { link: 'ftp://ci.example/run/1' }, 400, /the link must be an http:\/\/ or https:\/\/ URL/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'automation-passed'), { link: 'not a url' }, 400, /the link must be an http/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'automation-passed'), { link: '   ' }, 400, /needs evidence/);

      const ticked = await as('carol').ok('PUT', item('1.0.0', 'qa', 'automation-passed'), { link: 'https://ci.example/runs/42', note: ' suite 1.0.0 green ' });
      assert.equal(ticked.id, 'automation-passed');
      assert.equal(ticked.ring, 'staging');
      assert.equal(ticked.role, 'qa');
      assert.deepEqual(ticked.tick, { user: 'carol', at: clock.now().toISOString(), note: 'suite 1.0.0 green', link: 'https://ci.example/runs/42', file: null });
      assert.equal(ticked.verdict.status, 'waiting');
      const events = await eventsOf(t, 'checklist.ticked', '1.0.0');
      assert.equal(events.length, 1);
      assert.equal(events[0]!.summary, "carol ticked qa's automation-passed on daily-train 1.0.0 for staging with a link: suite 1.0.0 green");
      assert.equal(events[0]!.actor, 'user:carol');
      assert.deepEqual(events[0]!.data, {
        product: PRODUCT,
        version: '1.0.0',
        ring: 'staging',
        role: 'qa',
        item: 'automation-passed',
        user: 'carol',
        note: 'suite 1.0.0 green',
        link: 'https://ci.example/runs/42',
        file: null,
      });
    });

    it('keeps an attached file byte for byte, with its name, type and hash, and serves it as an attachment', async () => {
      const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const ticked = await as('sam').ok('PUT', item('1.0.0', 'qa', 'sanity-owner'), {
        note: 'owner: sam',
        file: { name: '../../reports/sanity "owner".bin', contentBase64: bytes.toString('base64') },
      });
      const file = ticked.tick.file;
      assert.equal(file.name, 'sanity _owner_.bin');
      assert.equal(file.size, bytes.length);
      assert.equal(file.mediaType, 'application/octet-stream');
      assert.equal(file.sha256, sha256);

      const download = await t.app.http.inject({ method: 'GET', url: `${R}/1.0.0/evidence/${file.id}`, headers: { authorization: `Bearer ${tokens['vic']}` } });
      assert.equal(download.statusCode, 200);
      assert.ok(download.rawPayload.equals(bytes), 'the file comes back byte for byte');
      assert.equal(download.headers['content-type'], 'application/octet-stream');
      assert.equal(download.headers['content-disposition'], `attachment; filename="sanity _owner_.bin"; filename*=UTF-8''sanity%20_owner_.bin`);
      assert.equal(download.headers['x-content-type-options'], 'nosniff');

      const report = Buffer.from('<h1>load test</h1><script>alert(1)</script>\n');
      const withType = await as('carol').ok('PUT', item('1.0.0', 'qa', 'exploratory'), { file: { name: 'notes.html', mediaType: 'Text/HTML; charset=utf-8', contentBase64: report.toString('base64') } });
      assert.equal(withType.tick.file.mediaType, 'text/html');
      const html = await t.app.http.inject({ method: 'GET', url: `${R}/1.0.0/evidence/${withType.tick.file.id}`, headers: { authorization: `Bearer ${tokens['carol']}` } });
      assert.equal(html.body, report.toString());
      assert.match(String(html.headers['content-type']), /^text\/html/);
      assert.match(String(html.headers['content-security-policy']), /sandbox/, 'an uploaded page never runs as one of ours');

      const events = await eventsOf(t, 'checklist.ticked', '1.0.0');
      assert.equal(events.at(-2)!.summary, "sam ticked qa's sanity-owner on daily-train 1.0.0 for staging with file sanity _owner_.bin: owner: sam");
      assert.deepEqual(events.at(-2)!.data.file, { id: file.id, name: 'sanity _owner_.bin', size: 5000, mediaType: 'application/octet-stream', sha256 });
      assert.doesNotMatch(JSON.stringify(events), new RegExp(bytes.toString('base64').slice(0, 40).replace(/[+/]/g, '.')), 'no file content in events');
    });

    it('refuses files that are too large, empty, not base64 or of a bad media type', async () => {
      const tooBig = Buffer.alloc(2 * 1024 * 1024 + 1, 1).toString('base64');
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'exploratory'), { file: { name: 'big.log', contentBase64: tooBig } }, 400, /big\.log is 2\.0 MiB \(2097153 bytes\); an evidence file may be at most 2\.0 MiB \(2097152 bytes\)/);
      const justFits = await as('carol').ok('PUT', item('1.1.0', 'qa', 'exploratory'), { file: { name: 'max.log', contentBase64: Buffer.alloc(2 * 1024 * 1024, 2).toString('base64') } });
      assert.equal(justFits.tick.file.size, 2 * 1024 * 1024);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'exploratory'), { file: { name: 'empty.txt', contentBase64: '' } }, 400, /empty\.txt is empty/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'exploratory'), { file: { name: 'x.txt', contentBase64: 'not base64!' } }, 400, /the content of x\.txt is not base64/);
      await refused('carol', 'PUT', item('1.0.0', 'qa', 'exploratory'), { file: { name: 'x.txt', mediaType: 'text', contentBase64: 'aGk=' } }, 400, /'text' is not a media type/);
      await refused('carol', 'GET', `${R}/1.0.0/evidence/${'0'.repeat(8)}-0000-4000-8000-000000000000`, undefined, 404, /daily-train 1\.0\.0 has no evidence file/);
      // Another release's file is not this release's.
      const other = await as('carol').ok('GET', `${R}/1.1.0/checklists`);
      const otherId = other.rings[0].roles[0].items[2].tick.file.id;
      await refused('carol', 'GET', `${R}/1.0.0/evidence/${otherId}`, undefined, 404, /has no evidence file/);
    });

    it('passes the checklist gate once every required item of every role is ticked, optional ones aside', async () => {
      assert.equal((await stagingVerdict('1.0.0')).reason, '4 required items not ticked: sre: branch-and-tag, release-notes, recovery-and-on-call, deployment-provisions');
      await as('carol').ok('DELETE', item('1.0.0', 'qa', 'exploratory'));
      for (const [i, id] of SRE_DEFAULT_ITEMS.entries()) {
        const answer = await as('dave').ok('PUT', item('1.0.0', 'sre', id), { note: `done ${i}` });
        const last = i === SRE_DEFAULT_ITEMS.length - 1;
        assert.equal(answer.verdict.status, last ? 'pass' : 'waiting', JSON.stringify(answer.verdict));
      }
      assert.deepEqual(await stagingVerdict('1.0.0'), { gate: 'checklist', kind: 'checklist', status: 'pass', reason: '6 required items ticked by qa, sre' });
      const blockedElsewhere = await ok('GET', `${R}/1.1.0/gates?ring=staging`);
      assert.equal(blockedElsewhere.verdicts[0].status, 'waiting', "another release's checklist is its own");
    });

    it('unticks: the tick goes, the gate waits again, and unticking again says there is nothing to untick', async () => {
      const unticked = await as('sam').ok('DELETE', item('1.0.0', 'sre', 'release-notes'));
      assert.equal(unticked.tick, null);
      assert.equal(unticked.verdict.status, 'waiting');
      assert.equal(unticked.verdict.reason, '1 required item not ticked: sre: release-notes');
      const events = await eventsOf(t, 'checklist.unticked', '1.0.0');
      assert.equal(events.at(-1)!.summary, "sam unticked sre's release-notes on daily-train 1.0.0 for staging");
      assert.deepEqual(events.at(-1)!.data, { product: PRODUCT, version: '1.0.0', ring: 'staging', role: 'sre', item: 'release-notes', user: 'sam' });
      await refused('dave', 'DELETE', item('1.0.0', 'sre', 'release-notes'), undefined, 404, /sre's item release-notes is not ticked on daily-train 1\.0\.0 for staging: nothing to untick/);
      // Ticking again replaces a tick rather than adding one.
      const ticksBefore = await countRows(t, 'checklist_ticks');
      await as('dave').ok('PUT', item('1.0.0', 'sre', 'release-notes'), { note: 'first' });
      await as('dave').ok('PUT', item('1.0.0', 'sre', 'release-notes'), { note: 'notes published' });
      assert.equal(await countRows(t, 'checklist_ticks'), ticksBefore + 1);
      const list = await ok('GET', `${R}/1.0.0/checklists`);
      assert.equal(list.rings[0].roles[1].items[1].tick.note, 'notes published');
      assert.equal(list.rings[0].verdict.status, 'pass');
    });

    it('lets the release into the ring once the checklist passes', async () => {
      const promoted = await call('POST', `${R}/1.0.0/promote`, { ring: 'staging' });
      assert.equal(promoted.status, 200, promoted.text);
      await t.app.worker.settle();
      const intoDev = await call('POST', `${R}/1.1.0/promote`, { ring: 'dev' });
      assert.equal(intoDev.status, 200, intoDev.text);
      await t.app.worker.settle();
      const refusedPromotion = await call('POST', `${R}/1.1.0/promote`, { ring: 'staging' });
      assert.equal(refusedPromotion.status, 409);
      assert.match(refusedPromotion.body.error.message, /checklist: 6 required items not ticked/);
    });

    it("refuses ticks of a release that will not move again", async () => {
      await ok('POST', `${R}/1.1.0/reject`, { reason: 'superseded by a hotfix' });
      await refused('carol', 'PUT', item('1.1.0', 'qa', 'sanity-owner'), {}, 409, /daily-train 1\.1\.0 is rejected: its checklists no longer change/);
      await refused('carol', 'DELETE', item('1.1.0', 'qa', 'exploratory'), undefined, 409, /is rejected/);
      const list = await ok('GET', `${R}/1.1.0/checklists`);
      assert.equal(list.rings[0].roles[0].items[2].tick.user, 'carol', 'its ticks stay readable');
    });
  });
}
