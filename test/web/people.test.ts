/**
 * People in the loop, in a real Chromium against a live server with a
 * simulated clock: the train cuts a candidate at 15:00 Asia/Kolkata and opens
 * its Go/No-Go at 16:00; QA ticks its checklist (a refusal for missing
 * evidence shown verbatim, then a file attached) and vetoes with a reason;
 * nobody is offered another role's ticks or a vote they do not hold; SRE votes
 * go; the generated notes are shown, edited and reset; the train view shows
 * the day's steps and moves live when 17:00 stops the train; email shows
 * switched off; a failed webhook delivery is retried. Every page is
 * screenshotted and must log no console error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import { TRAIN_PEOPLE, TRAIN_YAML } from '../people/train-fixture.ts';
import { expectRefusalLogged, launchBrowser, openPage, screenshot, signIn as signInAs, type WatchedPage } from '../support/browser.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';

const PRODUCT = 'people-train';
const PASSWORD = 'a long browser passphrase';
const P = `/api/products/${PRODUCT}`;

// Friday 4 December 2026: 15:00, 16:00 and 17:00 in Asia/Kolkata are 09:30, 10:30 and 11:30 UTC.
const THU_CUT = '2026-12-03T09:30:00.000Z';
const FRI = { cut: '2026-12-04T09:30:00.000Z', vote: '2026-12-04T10:30:00.000Z', deploy: '2026-12-04T11:30:00.000Z' };

/** Production waits on three checklists and a vote where QA and SRE can veto; a webhook that nobody answers hears the announcements. */
const PRODUCT_FILE = `product: ${PRODUCT}
description: The daily train with people in the loop.
components:
  - name: api
    metadata:
      deploy: [helm upgrade api charts/api --wait]
      rollback: [helm rollback api]
  - name: web
    dependsOn: [api]
${TRAIN_YAML.rings}
  # After production, so a release is blessed only once it got there: its notes stay editable until then.
  - name: on-premises
${TRAIN_YAML.targetsRolesAndSchedule}
notify:
  - name: release-mail
    email: { to: [releases@example.com] }
  - name: ops-hook
    webhook: { url: "http://127.0.0.1:9/ringmaster" }
`;

/** name → global role; each but alice and vic also holds the product role of that name. */
const PEOPLE: Record<string, string> = { ...TRAIN_PEOPLE, vic: 'viewer' };

for (const dialect of DIALECTS) {
  describe(`people in the loop in Chromium [${dialect}]`, () => {
    const clock = createTestClock('2026-12-03T08:00:00.000Z'); // Thursday 13:30 in Asia/Kolkata
    let t: TestApp;
    let base: string;
    let browser: Browser;
    const { call, ok } = apiCalls(() => t);
    const shot = (page: Page, name: string) => screenshot(page, `${dialect}-people-${name}`);
    const upkeepAt = async (iso: string) => {
      clock.set(iso);
      await t.app.train.upkeep();
    };

    /** The page reads the time as the server does: whether a vote has closed depends on it. */
    const sameTime = (watched: WatchedPage) => watched.context.clock.setFixedTime(clock.now());

    async function signIn(user: string): Promise<WatchedPage> {
      const watched = await openPage(browser, base);
      await sameTime(watched);
      await signInAs(watched, user, PASSWORD);
      return watched;
    }

    async function openRelease(page: Page, version: string): Promise<void> {
      await page.goto(`/products/${PRODUCT}/releases/${version}`);
      await page.getByRole('heading', { name: `${PRODUCT} ${version}`, level: 2 }).waitFor();
    }

    const votes = async () => (await ok('GET', `${P}/releases/0.1.0/votes`)).rings.find((r: Json) => r.ring === 'production');

    before(async () => {
      t = await createTestApp(dialect, { clock });
      base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      await ok('POST', '/api/products/apply', { source: PRODUCT_FILE, fileName: 'ringmaster.yaml' });
      for (const [name, role] of Object.entries(PEOPLE)) await ok('POST', '/api/users', { name, role, password: PASSWORD });
      for (const component of ['api', 'web']) await ok('POST', `${P}/builds`, buildBody(component, '1.0.0'));
      // No server ran Thursday's train: its steps are recorded as missed. Friday 15:00 cuts, 16:00 opens the vote.
      await upkeepAt('2026-12-04T09:00:00.000Z');
      await upkeepAt(FRI.cut);
      await t.app.worker.settle();
      await upkeepAt(FRI.vote);
      clock.set('2026-12-04T10:35:00.000Z');
      assert.equal((await votes()).openedBy, 'ringmaster', 'the train opened the vote');
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await t?.cleanup();
    });

    it('QA ticks its own checklist: a missing-evidence refusal is shown verbatim, then a file is attached', async () => {
      const carol = await signIn('carol');
      const { page } = carol;
      await openRelease(page, '0.1.0');
      const checklists = page.getByRole('region', { name: 'Checklists for production' });
      const qa = checklists.getByRole('table', { name: 'qa checklist for production' });
      await qa.waitFor();
      await shot(page, 'release-before');

      // Only the role carol holds offers ticks.
      for (const other of ['sre', 'module-lead']) {
        const table = checklists.getByRole('table', { name: `${other} checklist for production` });
        await table.waitFor();
        assert.equal(await table.getByRole('button').count(), 0, `carol is offered ${other}'s ticks`);
      }

      await qa.getByRole('button', { name: 'Tick: A post-deployment sanity owner is named' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('Note').fill('Sam owns the sanity check');
      await dialog.getByRole('button', { name: 'Tick', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await qa.getByText('“Sam owns the sanity check”').waitFor();

      await qa.getByRole('button', { name: 'Tick: Load test report attached' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Tick', exact: true }).click();
      const refusal = dialog.getByRole('alert');
      await refusal.waitFor();
      const refused = await call('PUT', `${P}/releases/0.1.0/checklists/production/qa/load-test-report`, {}, await tokenOf('carol'));
      assert.equal(refused.status, 400);
      assert.ok((await refusal.innerText()).includes(refused.body['error'].message), 'the server message, verbatim');
      expectRefusalLogged(carol, 400, /\/checklists\/production\/qa\/load-test-report/);
      await shot(page, 'tick-refused');

      const chooser = page.waitForEvent('filechooser');
      await dialog.getByRole('button', { name: 'File' }).click();
      await (await chooser).setFiles({ name: 'load-test.txt', mimeType: 'text/plain', buffer: Buffer.from('p99 880 ms at 2,000 rps\n') });
      await dialog.getByRole('button', { name: 'Tick', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await qa.getByRole('link', { name: /load-test\.txt/ }).waitFor();

      const lists = await ok('GET', `${P}/releases/0.1.0/checklists`);
      const items = lists.rings[0].roles.find((r: Json) => r.role === 'qa').items;
      assert.equal(items.find((i: Json) => i.id === 'sanity-owner').tick.note, 'Sam owns the sanity check');
      assert.deepEqual([items.find((i: Json) => i.id === 'load-test-report').tick.file.name, items.find((i: Json) => i.id === 'load-test-report').tick.user], ['load-test.txt', 'carol']);
      // The file link serves the bytes that were attached.
      const href = await qa.getByRole('link', { name: /load-test\.txt/ }).getAttribute('href');
      const served = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
      assert.equal(served, 'p99 880 ms at 2,000 rps\n');
      await shot(page, 'ticked');

      // A tick can be taken back; the item is open again.
      const sanity = qa.getByRole('row', { name: /A post-deployment sanity owner is named/ });
      await sanity.getByRole('button', { name: 'Untick: A post-deployment sanity owner is named' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Untick', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await sanity.getByText('open', { exact: true }).waitFor();
      const after = (await ok('GET', `${P}/releases/0.1.0/checklists`)).rings[0].roles.find((r: Json) => r.role === 'qa').items;
      assert.equal(after.find((i: Json) => i.id === 'sanity-owner').tick, null);
      assert.deepEqual(carol.problems, []);
      await carol.context.close();
    });

    it('QA votes no-go: without a reason it is refused verbatim, with one the vote shows no-go and the reason', async () => {
      const carol = await signIn('carol');
      const { page } = carol;
      await openRelease(page, '0.1.0');
      const vote = page.getByRole('region', { name: 'Go/No-Go for production' });
      await vote.getByText(/^Open: /).waitFor();
      await vote.getByRole('button', { name: 'Vote…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/You vote as qa, a veto role/).waitFor();
      await dialog.getByText('No-Go', { exact: true }).click();
      await dialog.getByRole('button', { name: 'Vote no-go' }).click();
      const refusal = dialog.getByRole('alert');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /a no-go needs a reason: say what must change for a go/);
      expectRefusalLogged(carol, 400, /\/votes\/production\)/);
      assert.equal((await votes()).ballots.length, 0, 'the refused vote left no ballot');

      await dialog.getByLabel('Reason').fill('load test shows p99 at 880 ms');
      await dialog.getByRole('button', { name: 'Vote no-go' }).click();
      await dialog.waitFor({ state: 'detached' });
      const qaRow = vote.getByRole('table', { name: 'Votes on production' }).getByRole('row', { name: /^qa/ });
      await qaRow.getByText('no-go').waitFor();
      await qaRow.getByText('load test shows p99 at 880 ms').waitFor();
      assert.match(await qaRow.innerText(), /carol/);
      await vote.getByText('vetoed by qa', { exact: false }).waitFor();
      await vote.getByRole('status', { name: 'vote gate: fail' }).waitFor();
      const production = await votes();
      assert.deepEqual([production.latest.qa.vote, production.latest.qa.reason, production.latest.qa.user], ['no-go', 'load test shows p99 at 880 ms', 'carol']);
      await shot(page, 'voted-no-go');
      assert.deepEqual(carol.problems, []);
      await carol.context.close();
    });

    it('offers no vote to those who hold no voting role, nor any tick or vote to a viewer', async () => {
      for (const user of ['alice', 'vic']) {
        const watched = await signIn(user);
        await openRelease(watched.page, '0.1.0');
        const vote = watched.page.getByRole('region', { name: 'Go/No-Go for production' });
        await vote.getByRole('table', { name: 'Votes on production' }).waitFor();
        await watched.page.getByRole('table', { name: 'qa checklist for production' }).waitFor();
        assert.equal(await vote.getByRole('button', { name: 'Vote…' }).count(), 0, `${user} is offered a vote`);
        assert.equal(await watched.page.getByRole('button', { name: /^(Tick|Untick)/ }).count(), 0, `${user} is offered a tick`);
        if (user === 'vic') await shot(watched.page, 'release-as-viewer');
        assert.deepEqual(watched.problems, []);
        await watched.context.close();
      }
    });

    it('SRE votes go through the dialog; the ballot history keeps every ballot', async () => {
      const dave = await signIn('dave');
      const { page } = dave;
      await openRelease(page, '0.1.0');
      const vote = page.getByRole('region', { name: 'Go/No-Go for production' });
      await vote.getByRole('button', { name: 'Vote…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/You vote as sre/).waitFor();
      await dialog.getByLabel('Reason').fill('branch and tag are in place');
      await dialog.getByRole('button', { name: 'Vote go' }).click();
      await dialog.waitFor({ state: 'detached' });
      const sreRow = vote.getByRole('table', { name: 'Votes on production' }).getByRole('row', { name: /^sre/ });
      await sreRow.getByText('go', { exact: true }).waitFor();
      assert.match(await sreRow.innerText(), /dave/);
      await vote.getByRole('button', { name: /Show the ballot history \(2 ballots\)/ }).click();
      const history = vote.getByRole('list', { name: 'Ballots on production' });
      await history.getByText(/dave as sre/).waitFor();
      assert.match(await history.innerText(), /carol as qa/);
      assert.equal((await votes()).latest.sre.vote, 'go');
      await shot(page, 'voted-go');
      assert.deepEqual(dave.problems, []);
      await dave.context.close();
    });

    it('shows the generated release notes, as Markdown too; a release manager edits and resets them, and adds runbook steps', async () => {
      const alice = await signIn('alice');
      const { page } = alice;
      await openRelease(page, '0.1.0');
      const section = page.getByRole('region', { name: 'Release notes' });
      const notes = section.getByRole('article', { name: 'Release notes' });
      await notes.waitFor();
      const generated = await ok('GET', `${P}/releases/0.1.0/notes`);
      assert.equal(generated.generated, true);
      assert.match(await notes.innerText(), /api/);
      assert.match(await notes.innerText(), /1\.0\.0/);
      await section.getByText('Markdown', { exact: true }).click();
      await section.getByText(generated.markdown.split('\n')[0]).first().waitFor();
      await section.getByText('Rendered', { exact: true }).click();
      await page.getByRole('region', { name: 'Runbook' }).getByRole('article', { name: 'Runbook' }).getByText(/helm upgrade api/).waitFor();
      await shot(page, 'notes-and-runbook');

      await section.getByRole('button', { name: 'Edit' }).click();
      await section.getByLabel('Release notes (Markdown)').fill('# Friday train\n\nThe **load test** decides.');
      await section.getByRole('button', { name: 'Save' }).click();
      await notes.getByRole('heading', { name: 'Friday train', level: 4 }).waitFor();
      await section.getByText(/Edited by alice/).waitFor();
      assert.equal((await ok('GET', `${P}/releases/0.1.0/notes`)).generated, false);

      await section.getByRole('button', { name: 'Reset to generated' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await section.getByText(/Generated from the builds’ commits/).waitFor();
      assert.equal((await ok('GET', `${P}/releases/0.1.0/notes`)).generated, true);

      // The runbook takes release-specific steps, added at its end.
      const runbook = page.getByRole('region', { name: 'Runbook' });
      await runbook.getByRole('button', { name: 'Add steps' }).click();
      await runbook.getByLabel('Release-specific steps (Markdown)').fill('1. Warm the **search cache** before the second wave');
      await runbook.getByRole('button', { name: 'Save' }).click();
      await runbook.getByRole('article', { name: 'Runbook' }).getByText('search cache').waitFor();
      await runbook.getByText(/with release-specific steps by alice/).waitFor();
      assert.equal((await ok('GET', `${P}/releases/0.1.0/runbook`)).additions, '1. Warm the **search cache** before the second wave');
      assert.deepEqual(alice.problems, []);
      await alice.context.close();
    });

    it("shows today's train steps, and moves live when 17:00 stops the train on QA's veto", async () => {
      const alice = await signIn('alice');
      const { page } = alice;
      await page.goto(`/products/${PRODUCT}/train`);
      const steps = page.getByRole('list', { name: "Today's steps" });
      await steps.waitFor();
      await steps.getByRole('listitem', { name: 'Cut a candidate: done' }).waitFor();
      await steps.getByRole('listitem', { name: 'Open the Go/No-Go: done' }).waitFor();
      await steps.getByRole('listitem', { name: 'Deploy to production: waiting' }).waitFor();
      await steps.getByRole('link', { name: '0.1.0' }).first().waitFor();
      await page.getByRole('status', { name: 'Where the train stands' }).getByText('Next: deploy to production.').waitFor();
      await page.getByRole('list', { name: 'Train schedule' }).getByText(/weekdays at 15:00 Asia\/Kolkata/).waitFor();
      await shot(page, 'train');
      const recent = page.getByRole('table', { name: 'Recent train days' });
      await recent.getByText('Thu, 3 Dec 2026').waitFor();
      assert.match(await recent.innerText(), /cut skipped/i);

      // 17:00 in Kolkata: the vote closes on QA's no-go and the deploy step fails; the page was not reloaded.
      const url = page.url();
      await upkeepAt(FRI.deploy);
      await sameTime(alice);
      await steps.getByRole('listitem', { name: 'Deploy to production: failed' }).waitFor({ timeout: 20_000 });
      const train = await ok('GET', `${P}/train`);
      const deploy = train.today.steps.find((s: Json) => s.step === 'deploy');
      assert.match(deploy.outcome, /qa \(carol\) voted no-go: load test shows p99 at 880 ms/);
      const standing = await page.getByRole('status', { name: 'Where the train stands' }).innerText();
      assert.ok(standing.includes(`Stopped at “Deploy to production”: ${deploy.outcome}`), standing);
      assert.ok((await steps.innerText()).includes(deploy.outcome), 'the step says why, as the server does');
      assert.equal(page.url(), url);
      assert.equal(train.today.day, FRI.cut);
      assert.deepEqual(train.recent.map((d: Json) => d.day), [THU_CUT]);
      await shot(page, 'train-stopped');

      await page.goto(`/products/${PRODUCT}/releases/0.1.0`);
      const vote = page.getByRole('region', { name: 'Go/No-Go for production' });
      await vote.getByText('Decision: no-go').waitFor();
      assert.equal(await vote.getByRole('button', { name: /Vote/ }).count(), 0, 'a closed vote takes no ballot');
      await shot(page, 'vote-decided');
      assert.deepEqual(alice.problems, []);
      await alice.context.close();
    });

    it('shows email switched off and why; a webhook delivery that failed is listed and retried', async () => {
      // Nobody answers the webhook: each announcement is tried 8 times, at most an hour apart, then given up.
      const failedNow = async () => (await ok('GET', `/api/deliveries?product=${PRODUCT}&state=failed`)).deliveries as Json[];
      for (let attempt = 0; attempt < 12 && (await failedNow()).length === 0; attempt++) {
        clock.advance(70 * 60_000);
        await t.app.notifications.upkeep();
      }
      const failed = await failedNow();
      assert.ok(failed.length > 0, `some delivery failed: ${JSON.stringify((await ok('GET', `/api/deliveries?product=${PRODUCT}`)).deliveries)}`);
      const status = await ok('GET', `/api/notifiers?product=${PRODUCT}`);
      assert.equal(status.email.enabled, false);

      const alice = await signIn('alice');
      const { page } = alice;
      await page.goto(`/products/${PRODUCT}/notifications`);
      const emailOff = page.getByRole('status').filter({ hasText: 'Email is off' });
      await emailOff.waitFor();
      assert.ok((await emailOff.innerText()).includes(status.email.reason), "the server's reason, verbatim");
      const notifiers = page.getByRole('table', { name: 'Notifiers' });
      const mail = notifiers.getByRole('row', { name: /^release-mail/ });
      await mail.getByText('disabled', { exact: true }).waitFor();
      const reason = status.notifiers.find((n: Json) => n.name === 'release-mail').reason;
      assert.ok((await mail.innerText()).includes(reason), 'why the email notifier is off');
      const hook = notifiers.getByRole('row', { name: /^ops-hook/ });
      await hook.getByText(/failed/).first().waitFor();

      const table = page.getByRole('table', { name: 'Failed deliveries' });
      await table.waitFor();
      assert.equal(await table.getByRole('row').count(), failed.length + 1);
      await shot(page, 'notifications');
      const first = failed[0]!;
      await table.getByRole('button', { name: `Retry the delivery to ops-hook of ${first.event.type}` }).first().click();
      await page.getByText('The delivery to ops-hook is tried again now.').waitFor();
      const retried = (await ok('GET', `/api/deliveries?product=${PRODUCT}&limit=500`)).deliveries.filter((d: Json) => d.state === 'pending');
      assert.ok(retried.length >= 1, 'the delivery waits for its next attempt again');
      await page.waitForFunction((n) => document.querySelectorAll('table[aria-label="Failed deliveries"] tbody tr').length === n, failed.length - 1);

      // A viewer sees the same, and is offered no Retry.
      const vic = await signIn('vic');
      await vic.page.goto(`/products/${PRODUCT}/notifications`);
      await vic.page.getByRole('table', { name: 'Notifiers' }).waitFor();
      if (failed.length > 1) await vic.page.getByRole('table', { name: 'Failed deliveries' }).waitFor();
      assert.equal(await vic.page.getByRole('button', { name: /^Retry/ }).count(), 0);
      assert.deepEqual([...alice.problems, ...vic.problems], []);
      await alice.context.close();
      await vic.context.close();
    });

    it('lets a release manager open the Go/No-Go of a release the train did not cut', async () => {
      await ok('POST', `${P}/releases`, { version: '0.2.0', builds: { api: '1.0.0', web: '1.0.0' } });
      const alice = await signIn('alice');
      const { page } = alice;
      await openRelease(page, '0.2.0');
      const vote = page.getByRole('region', { name: 'Go/No-Go for production' });
      await vote.getByText(/^Not open: /).waitFor();
      await vote.getByRole('button', { name: 'Open vote…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/a no-go from qa or sre stops the release/).waitFor();
      await dialog.getByRole('button', { name: 'Open vote', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await vote.getByText(/^Open: /).waitFor();
      await vote.getByText(/Opened .* by alice/).waitFor();
      assert.equal(await vote.getByRole('button', { name: 'Open vote…' }).count(), 0);
      const production = (await ok('GET', `${P}/releases/0.2.0/votes`)).rings.find((r: Json) => r.ring === 'production');
      assert.deepEqual([production.openedBy, production.closesAt], ['user:alice', null]);
      await shot(page, 'vote-opened');
      assert.deepEqual(alice.problems, []);
      await alice.context.close();
    });

    /** A personal token for `user`, to ask the API what the page was told. */
    async function tokenOf(user: string): Promise<string> {
      const issued = await ok('POST', '/api/tokens', { name: `${user}-${Date.now()}`, user });
      return issued['secret'] as string;
    }
  });
}
