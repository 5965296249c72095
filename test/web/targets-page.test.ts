/**
 * The targets page at fleet size, in Chromium: 3,000 targets filtered and
 * counted by the server, a virtualised list that keeps a few dozen rows in the
 * page, and only the pages in view fetched, even after jumping to the end.
 * Two of them have agents that called in (one long ago), one a maintenance window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { AGENT_VERSION_HEADER } from '../../src/agents/agent-schemas.ts';
import { launchBrowser, openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';

const PASSWORD = 'a long browser passphrase';
const RINGS = ['canary', 'main', 'laggards'];
const HOSTING = ['hosted', 'on-prem', 'demo'];
const TARGETS = 3000;

/** Pull targets: the server runs nothing for them, so the fleet stays as applied. */
function productFile(): string {
  const lines = ['product: fleet', 'components:', '  - name: app', 'rings:', ...RINGS.map((r) => `  - name: ${r}`), 'targets:'];
  for (let i = 0; i < TARGETS; i++) {
    const region = i % 2 === 0 ? 'eu' : 'us';
    const window = i === 0 ? ', maintenanceWindow: { cron: "0 2 * * 0", timezone: America/Chicago, duration: 2h }' : '';
    lines.push(`  - { name: site-${String(i).padStart(4, '0')}-${region}, ring: ${RINGS[i % 3]}, hosting: ${HOSTING[i % 3]}, delivery: pull, users: ${(i % 7) + 1}${window} }`);
  }
  return lines.join('\n');
}

describe('the targets page with 3,000 targets, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let viewer: WatchedPage;
  const fleetRequests: URL[] = [];

  /** A real agent of a target: enrolled with a one-time code, then one poll, written by the agents' upkeep. */
  async function agentCallsIn(target: string, version: string): Promise<void> {
    const code = await t.request('POST', `/api/products/fleet/targets/${target}/enrolment-codes`, { token: t.adminToken, body: {} });
    assert.equal(code.status, 201, code.text);
    const enrolled = await t.request('POST', '/api/agent/enrol', { body: { code: (code.body as { code: string }).code, hostname: `${target}.example` } });
    assert.equal(enrolled.status, 201, enrolled.text);
    const token = (enrolled.body as { token: string }).token;
    const polled = await t.request('GET', '/api/agent/desired?wait=0', { token, headers: { [AGENT_VERSION_HEADER]: version } });
    assert.equal(polled.status, 200, polled.text);
    await t.app.agents.upkeep();
  }

  before(async () => {
    // The server's clock starts ten minutes ago, when one agent calls in for the last time, then catches up with the browser's.
    const clock = createTestClock(new Date(Date.now() - 10 * 60_000).toISOString());
    t = await createTestApp('sqlite', { clock });
    const base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    const applied = await t.request('POST', '/api/products/apply', { token: t.adminToken, body: { source: productFile(), fileName: 'fleet.yaml' } });
    assert.equal(applied.status, 200, applied.text);
    await agentCallsIn('site-0001-us', '0.9.0');
    clock.set(new Date().toISOString());
    await agentCallsIn('site-0000-eu', '1.2.0');
    assert.equal((await t.request('POST', '/api/users', { token: t.adminToken, body: { name: 'val', role: 'viewer', password: PASSWORD } })).status, 201);
    browser = await launchBrowser();
    viewer = await openPage(browser, base);
    viewer.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/products/fleet/fleet') fleetRequests.push(url);
    });
    await signIn(viewer, 'val', PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await t?.cleanup();
  });

  const table = () => viewer.page.getByRole('table', { name: 'Targets' });
  const count = () => viewer.page.getByRole('status').filter({ hasText: /targets?$/ });
  const rowsInPage = () => table().getByRole('row').count();

  it('counts every target and puts only a screenful of rows in the page', async () => {
    await viewer.page.goto('/products/fleet/targets');
    await table().getByText('site-0000-eu').waitFor();
    assert.equal(await count().innerText(), '3,000 targets');
    assert.equal(await table().getAttribute('aria-rowcount'), String(TARGETS + 1));
    const rows = await rowsInPage();
    assert.ok(rows > 5 && rows < 60, `${rows} rows in the page`);
    await screenshot(viewer.page, 'targets-fleet');
  });

  it('shows each pull target’s agent: reachable, unreachable or none yet, its version and last contact', async () => {
    const agent = (target: string) => table().locator(`[aria-label^="Agent of ${target}:"]`);
    const rowOf = (target: string) => table().getByRole('row').filter({ hasText: target });
    assert.equal(await agent('site-0000-eu').getAttribute('aria-label'), 'Agent of site-0000-eu: reachable');
    assert.equal(await agent('site-0001-us').getAttribute('aria-label'), 'Agent of site-0001-us: unreachable');
    assert.equal(await agent('site-0002-eu').getAttribute('aria-label'), 'Agent of site-0002-eu: no agent yet');
    assert.match(await rowOf('site-0000-eu').innerText(), /v1\.2\.0 · (now|\d+ seconds? ago)/);
    assert.match(await rowOf('site-0001-us').innerText(), /v0\.9\.0 · 10 minutes ago/);
    assert.doesNotMatch(await rowOf('site-0002-eu').innerText(), /ago/, 'no contact, no time');
    assert.match(await rowOf('site-0000-eu').innerText(), /0 2 \* \* 0 America\/Chicago\s+(open now|opens (in \d+ (hours?|days?|minutes?)|tomorrow))/);
    await screenshot(viewer.page, 'targets-agents');
  });

  it('filters the targets whose agent is unreachable', async () => {
    await viewer.page.getByRole('combobox', { name: 'Status' }).click();
    await viewer.page.getByRole('option', { name: 'Agent unreachable' }).click();
    await count().filter({ hasText: '2,999 targets' }).waitFor();
    assert.equal(fleetRequests.at(-1)!.searchParams.get('status'), 'unreachable', 'the server filtered');
    await table().getByText('site-0001-us').waitFor();
    assert.equal(await table().getByText('site-0000-eu').count(), 0);
    assert.equal(new URL(viewer.page.url()).searchParams.get('status'), 'unreachable');
    await viewer.page.goto('/products/fleet/targets');
    await count().filter({ hasText: '3,000 targets' }).waitFor();
    await table().getByText('site-0000-eu').waitFor();
  });

  it('jumps to the end fetching only the pages in view', async () => {
    fleetRequests.length = 0;
    await table().evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await table().getByText('site-2999-us').waitFor();
    const offsets = fleetRequests.map((url) => Number(url.searchParams.get('offset')));
    assert.ok(offsets.includes(2800), `the last page was fetched: ${offsets.join(', ')}`);
    assert.ok(offsets.every((offset) => offset === 0 || offset >= 2400), `no page between the start and the end: ${offsets.join(', ')}`);
    assert.equal(await table().getByRole('row').last().getAttribute('aria-rowindex'), String(TARGETS + 1));
    assert.ok((await rowsInPage()) < 60);
  });

  it('filters by ring and by part of a name in the database, keeping the filters in the address', async () => {
    await viewer.page.getByRole('combobox', { name: 'Ring' }).click();
    await viewer.page.getByRole('option', { name: 'main' }).click();
    await count().filter({ hasText: '1,000 targets' }).waitFor();
    await viewer.page.getByRole('textbox', { name: 'Search targets' }).fill('-eu');
    await count().filter({ hasText: '500 targets' }).waitFor();
    const url = new URL(viewer.page.url());
    assert.deepEqual([url.searchParams.get('ring'), url.searchParams.get('q')], ['main', '-eu']);
    const last = fleetRequests.at(-1)!;
    assert.deepEqual([last.searchParams.get('ring'), last.searchParams.get('q')], ['main', '-eu'], 'the server filtered');
    await table().getByText('site-0004-eu').waitFor();
    assert.equal(await table().getByText('site-0001-us').count(), 0);
  });

  it('says when nothing matches and clears the filters back to everything', async () => {
    await viewer.page.getByRole('textbox', { name: 'Search targets' }).fill('no-such-site');
    await viewer.page.getByRole('heading', { name: 'No targets match these filters' }).waitFor();
    await viewer.page.getByRole('button', { name: 'Clear filters' }).click();
    await count().filter({ hasText: '3,000 targets' }).waitFor();
    assert.equal(new URL(viewer.page.url()).search, '');
    assert.deepEqual(viewer.problems, []);
  });
});
