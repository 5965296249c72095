/**
 * The dashboard in a real Chromium against a live server running the daily-train
 * demo with its real deploy scripts: sign in, watch the overview change live
 * while a release is promoted from another tab, see a refused promotion's
 * reasons verbatim, reject a release with a reason, read a deployment's log,
 * and check a viewer can press nothing that changes state. Every page is
 * screenshotted under test-output/screenshots and must log no console error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectRefusalLogged, launchBrowser, openPage, screenshot, signIn as signInAs, type WatchedPage } from '../support/browser.ts';
import { DIALECTS } from '../support/databases.ts';
import { PASSWORD, PRODUCT, startDemoServer, type DemoServer } from './demo-fixture.ts';

async function signIn(watched: WatchedPage, user: string): Promise<void> {
  await signInAs(watched, user, PASSWORD);
  await watched.page.waitForURL(new RegExp(`/products/${PRODUCT}$`));
}

const cell = (page: Page, version: string, ring: string) => page.getByRole('group', { name: new RegExp(`^${version.replaceAll('.', '\\.')} in ${ring}: `) });

for (const dialect of DIALECTS) {
  describe(`the web dashboard in Chromium [${dialect}]`, () => {
    let demo: DemoServer;
    let browser: Browser;
    let alice: WatchedPage;
    const shot = (page: Page, name: string) => screenshot(page, `${dialect}-${name}`);

    before(async () => {
      demo = await startDemoServer(dialect);
      await demo.waitForRing('2.3.0', 'dev', 'succeeded');
      await demo.waitForRing('2.4.0', 'dev', 'succeeded');
      browser = await launchBrowser();
      alice = await openPage(browser, demo.base);
    });
    after(async () => {
      await browser?.close();
      await demo?.stop();
    });

    it('signs in with a password and opens the overview of the demo product', async () => {
      await alice.page.goto('/');
      await alice.page.waitForURL(/\/sign-in/);
      await shot(alice.page, 'sign-in');
      await signIn(alice, 'alice');
      const matrix = alice.page.getByRole('table', { name: 'Releases by ring' });
      await matrix.waitFor();
      await cell(alice.page, '2.3.0', 'dev').getByText('succeeded').waitFor();
      assert.match((await cell(alice.page, '2.3.0', 'internal').getAttribute('aria-label')) ?? '', /waiting/);
      await alice.page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
      await shot(alice.page, 'overview');
      assert.deepEqual(alice.problems, []);
    });

    it('changes the overview cell live while the release is promoted from another tab', async () => {
      const tab = await alice.context.newPage();
      const tabProblems: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && tabProblems.push(m.text()));
      await tab.goto(`/products/${PRODUCT}/releases/2.3.0`);
      await tab.getByRole('heading', { name: `${PRODUCT} 2.3.0`, level: 2 }).waitFor();
      await shot(tab, 'release');
      await tab.getByRole('button', { name: 'Promote to internal' }).click();
      const dialog = tab.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      // The first tab was never reloaded: the stream moved its cell.
      const before = alice.page.url();
      await cell(alice.page, '2.3.0', 'internal').getByText('succeeded').waitFor({ timeout: 30_000 });
      assert.equal(alice.page.url(), before);
      await shot(alice.page, 'overview-after-promotion');
      await tab.close();
      assert.deepEqual([...alice.problems, ...tabProblems], []);
    });

    it("shows a refused promotion's reasons verbatim, then rejects the release with a reason", async () => {
      const { page } = alice;
      await page.getByRole('link', { name: '2.4.0', exact: true }).click();
      await page.getByRole('heading', { name: `${PRODUCT} 2.4.0`, level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Promote to internal' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
      const refusal = dialog.getByRole('alert');
      await refusal.waitFor();
      const refused = await demo.call('POST', `/api/products/${PRODUCT}/releases/2.4.0/promote`, { ring: 'internal' });
      assert.equal(refused.status, 409);
      assert.ok((await refusal.innerText()).includes(refused.body['error'].message.split('\n')[0]), 'the server message, verbatim');
      assert.match(await refusal.innerText(), /coverage/);
      expectRefusalLogged(alice, 409, /\/releases\/2\.4\.0\/promote/);
      await shot(page, 'promotion-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: /^Reject/ }).click();
      const reject = page.getByRole('dialog');
      await reject.getByLabel('Reason').fill('coverage fell to 61%');
      await reject.getByRole('button', { name: 'Reject', exact: true }).click();
      await reject.waitFor({ state: 'detached' });
      await page.getByText('coverage fell to 61%').first().waitFor();
      const release = await demo.ok('GET', `/api/products/${PRODUCT}/releases/2.4.0`);
      assert.equal(release['state'], 'rejected');
      assert.equal(release['stateReason'], 'coverage fell to 61%');
      await shot(page, 'release-rejected');
      assert.deepEqual(alice.problems, []);
    });

    it("opens a deployment's log", async () => {
      const { page } = alice;
      await page.goto(`/products/${PRODUCT}/releases/2.3.0`);
      await page.getByRole('link', { name: 'Log of internal-cluster' }).click();
      await page.getByRole('heading', { name: /Deployment of 2\.3\.0 to internal-cluster/ }).waitFor();
      const log = page.getByRole('log', { name: 'Deployment log' });
      await log.getByText(/deploy api 2\.3\.0 on internal-cluster/).waitFor();
      assert.doesNotMatch(await log.innerText(), /internal-only-key-9a2e/, 'secrets stay masked');
      await shot(page, 'deployment-log');
      // The same deployment under another product's address is not shown as that product's.
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.goto(`/products/elsewhere/deployments/${id}`);
      await page.getByRole('alert').filter({ hasText: 'Not a deployment of this product' }).waitFor();
      assert.equal(await page.getByRole('log', { name: 'Deployment log' }).count(), 0);
      assert.deepEqual(alice.problems, []);
    });

    it('shows the targets and the rings, in light and dark mode', async () => {
      const { page } = alice;
      await page.goto(`/products/${PRODUCT}/targets`);
      const targets = page.getByRole('table', { name: 'Targets' });
      await targets.getByText('hosted-eu').waitFor();
      await shot(page, 'targets');
      await page.goto(`/products/${PRODUCT}/rings`);
      await page.getByRole('heading', { name: 'production' }).waitFor();
      await shot(page, 'rings');
      const dark = await openPage(browser, demo.base, { colorScheme: 'dark' });
      await signIn(dark, 'alice');
      await dark.page.getByRole('table', { name: 'Releases by ring' }).waitFor();
      await cell(dark.page, '2.3.0', 'internal').getByText('succeeded').waitFor();
      await screenshot(dark.page, `${dialect}-overview-dark`);
      await dark.context.close();
      assert.deepEqual([...alice.problems, ...dark.problems], []);
    });

    it('lets a viewer see everything and press nothing that changes state', async () => {
      const vic = await openPage(browser, demo.base);
      await signIn(vic, 'vic');
      await vic.page.getByRole('table', { name: 'Releases by ring' }).waitFor();
      await vic.page.goto(`/products/${PRODUCT}/releases/2.3.0`);
      await vic.page.getByRole('heading', { name: `${PRODUCT} 2.3.0`, level: 2 }).waitFor();
      await vic.page.getByRole('link', { name: 'Log of internal-cluster' }).waitFor();
      const buttons = await vic.page.getByRole('button').allInnerTexts();
      for (const action of ['Promote', 'Approve', 'Reject', 'Roll back']) {
        assert.ok(!buttons.some((b) => b.startsWith(action)), `a viewer is offered "${action}": ${buttons.join(', ')}`);
      }
      await screenshot(vic.page, `${dialect}-release-as-viewer`);
      // And the API behind the page refuses the viewer's session, had a button slipped through.
      const refused = await vic.page.evaluate(async (product) => {
        const res = await fetch(`/api/products/${product}/releases/2.3.0/promote`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ringmaster-client': 'web' }, body: JSON.stringify({ ring: 'early-adopters' }) });
        return res.status;
      }, PRODUCT);
      assert.equal(refused, 403);
      expectRefusalLogged(vic, 403, /\/releases\/2\.3\.0\/promote/);
      await vic.context.close();
      assert.deepEqual(vic.problems, []);
    });

    it('signs out: the session ends and the pages ask to sign in again', async () => {
      const { page } = alice;
      await page.goto(`/products/${PRODUCT}`);
      await page.getByRole('button', { name: /alice/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await page.goto(`/products/${PRODUCT}`);
      await page.waitForURL(/\/sign-in/);
      assert.deepEqual(alice.problems, []);
    });
  });
}
