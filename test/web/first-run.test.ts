/**
 * A fresh server in Chromium: the admin signs in with the token printed at
 * first start, sees how to apply a first product, and the page moves on by
 * itself once one is applied. A wrong token is refused with the server's words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectRefusalLogged, launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const EXAMPLE = readFileSync(new URL('../../examples/maya-online.yaml', import.meta.url), 'utf8');

describe('the dashboard on a fresh server, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: WatchedPage;

  before(async () => {
    t = await createTestApp('sqlite');
    const base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    admin = await openPage(browser, base);
  });
  after(async () => {
    await browser?.close();
    await t?.cleanup();
  });

  const signInWithToken = async (token: string) => {
    await admin.page.goto('/sign-in');
    await admin.page.locator('label').filter({ hasText: /^Token$/ }).click();
    await admin.page.getByLabel('Personal token').fill(token);
    await admin.page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong token with the reason, and stays on the sign-in page', async () => {
    await signInWithToken('rm_not-a-real-token');
    const alert = admin.page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Not signed in/);
    assert.ok(new URL(admin.page.url()).pathname === '/sign-in');
    expectRefusalLogged(admin, 401, /\/api\/auth\/session/);
    assert.deepEqual(admin.problems, []);
  });

  it('signs the admin in with the first-start token and explains how to apply a product', async () => {
    await signInWithToken(t.adminToken);
    await admin.page.getByRole('heading', { name: 'No product yet' }).waitFor();
    assert.match(await admin.page.getByText('ringmaster apply -f').innerText(), /RINGMASTER_SERVER=http:\/\/127\.0\.0\.1:\d+/);
    await screenshot(admin.page, 'first-run');
  });

  it('moves on by itself once a product is applied', async () => {
    const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: EXAMPLE, fileName: 'maya-online.yaml' } });
    assert.equal(applied.status, 200, applied.text);
    await admin.page.waitForURL(/\/products\/maya-online$/, { timeout: 10_000 });
    await admin.page.getByRole('heading', { name: 'No releases yet' }).waitFor();
    assert.deepEqual(admin.problems, []);
  });
});
