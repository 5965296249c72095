/**
 * Dashboard figures at the size of the design's bar ("the overview with 12,000
 * targets and 200 releases answers in under 150 ms and renders in under
 * 1.5 s"), on SQLite and PostgreSQL, server in its own process:
 * - a product of 12,000 targets applied through the API, then 200 releases of
 *   history (246,600 deployments) written into the database as the engine
 *   writes them, and checked through the API (a mismatch ends the run non-zero);
 * - sequential requests (warm-up, then N each; median, p95, max): the overview
 *   (default page of 20, and the whole matrix of 200), the fleet's first page
 *   of 200 unfiltered, by ring and by name;
 * - in headless Chromium, signed in, cold loads (a new context each) of the
 *   overview page until its matrix shows a row, and of the targets page until
 *   its table does.
 *
 *   node bench/dashboard.ts        (also part of `npm run bench`)
 *   BENCH_REQUESTS=50 BENCH_LOADS=20 node bench/dashboard.ts
 */
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import type { Database } from '../src/app/database-schema.ts';
import { createApiClient } from '../src/client/api-client.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { launchBrowser, openPage } from '../test/support/browser.ts';
import { machine, onBothEngines, startServer, timed } from './support/bench-server.ts';
import { checkFleet, checkOverview } from './support/dashboard-checks.ts';
import { PRODUCT, productFile, TARGET_COUNT, writeHistory } from './support/dashboard-data.ts';
import { describeLatency, sampleLatency, summarise } from './support/latency.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const LOADS = Number(process.env.BENCH_LOADS ?? 12);
const WARM_UP = 5;
const TEXT = 'eu-12';

async function benchEngine(browser: Browser, name: string, dataDir: string, databaseUrl: string | undefined): Promise<void> {
  // Deploy commands resolve in the (empty) data folder: were the worker ever to run one, it would fail and the final check would say so.
  const server = await startServer({ dataDir, databaseUrl, env: { RINGMASTER_DEPLOY_DIR: dataDir } });
  try {
    const client = createApiClient({ baseUrl: server.base, token: server.token });
    const [, applyMs] = await timed(() => client.applyProduct({ source: productFile() }));

    const database = openDatabase<Database>({ databaseUrl, sqliteFile: join(dataDir, 'ringmaster.db') });
    try {
      const [history, writeMs] = await timed(() => writeHistory(database.db, new Date()));
      // SQLite: the written pages move from the write-ahead log into the database file, as they soon would.
      if (database.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
      else await sql`analyze`.execute(database.db);
      await checkOverview(client, history);
      await checkFleet(client, history, TEXT);

      console.log(`\n## ${name}`);
      console.log(`data: ${TARGET_COUNT.toLocaleString('en')} targets applied in ${(applyMs / 1000).toFixed(1)} s; ${history.releases.length} releases, ${history.deployments.toLocaleString('en')} deployments written in ${(writeMs / 1000).toFixed(1)} s; API answers checked`);

      const get = (path: string) => async () => {
        const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      };
      const measure = async (label: string, path: string) => console.log(`GET ${label.padEnd(36)} ${describeLatency(await sampleLatency(REQUESTS, WARM_UP, get(path)))}`);
      const overview: [string, string][] = [
        ['overview, default page (20 releases)', `/api/products/${PRODUCT}/overview`],
        ['overview, limit=200 (whole matrix)', `/api/products/${PRODUCT}/overview?limit=200`],
      ];
      if (database.dialect === 'postgres') {
        // Just written, no page of the tables is known all-visible yet: counting reads the rows themselves.
        for (const [label, path] of overview) await measure(`${label}, before vacuum`, path);
        await settle(database.db);
      }
      for (const [label, path] of overview) await measure(label, path);
      await measure('fleet, first 200', `/api/products/${PRODUCT}/fleet?limit=200`);
      await measure('fleet, ring=production, first 200', `/api/products/${PRODUCT}/fleet?ring=production&limit=200`);
      await measure(`fleet, q=${TEXT}, first 200`, `/api/products/${PRODUCT}/fleet?q=${TEXT}&limit=200`);

      const cookie = await sessionCookie(server.base, server.token);
      const pages: [string, string, string, string][] = [
        ['overview page', `/products/${PRODUCT}`, 'Releases by ring', history.releases[0]!.version],
        ['targets page', `/products/${PRODUCT}/targets`, 'Targets', history.firstTarget],
      ];
      for (const [label, path, table, firstRowText] of pages) {
        const loads = await coldLoads(browser, server.base, cookie, path, table, firstRowText);
        console.log(`render ${label.padEnd(14)} in page ${describeLatency(summarise(loads.inPage))}; wall ${describeLatency(summarise(loads.wall))}`);
      }

      // The data is as written: the server's worker did nothing meanwhile.
      await checkOverview(client, history);
    } finally {
      await database.close();
    }
  } finally {
    await server.stop();
  }
}

/**
 * PostgreSQL: vacuums until the deployments' pages are all marked visible, the
 * state autovacuum leaves a settled table in (it did so within a minute here).
 * A VACUUM straight after the write's commit was seen to mark none, so it is repeated.
 */
async function settle(db: Kysely<Database>): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await sql`vacuum analyze`.execute(db);
    const { rows } = await sql<{ pages: number; visible: number }>`select relpages as pages, relallvisible as visible from pg_class where relname = 'deployments'`.execute(db);
    if (rows[0] && Number(rows[0].visible) >= Number(rows[0].pages) * 0.99) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error('VACUUM did not mark the deployments table visible');
}

/** The browser session cookie, minted from the admin token as the sign-in page would. */
async function sessionCookie(base: string, token: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${base}/api/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const match = /^([^=]+)=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
  if (res.status !== 201 || !match) throw new Error(`sign-in failed: ${res.status}`);
  return { name: match[1]!, value: match[2]! };
}

/**
 * Loads `path` in a new context each time (nothing cached) until `table` shows
 * a row of data: the page's own clock from navigation start, and the wall
 * clock around navigation and wait. The first load warms the browser and is not counted.
 */
async function coldLoads(browser: Browser, base: string, cookie: { name: string; value: string }, path: string, table: string, firstRowText: string): Promise<{ inPage: number[]; wall: number[] }> {
  const inPage: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i <= LOADS; i++) {
    const { page, context, problems } = await openPage(browser, base);
    try {
      await context.addCookies([{ ...cookie, url: base, httpOnly: true, sameSite: 'Strict' }]);
      const start = performance.now();
      await page.goto(path, { waitUntil: 'commit' });
      const row = firstDataRow(page, table);
      await row.waitFor({ timeout: 30_000 });
      const elapsed = performance.now() - start;
      const sinceNavigation = await page.evaluate(() => performance.now());
      const text = await row.innerText();
      if (!text.includes(firstRowText)) throw new Error(`${path}: the first row of '${table}' reads '${text.replace(/\s+/g, ' ')}', expected it to name ${firstRowText}`);
      if (problems.length > 0) throw new Error(`${path}: the page logged problems:\n${problems.join('\n')}`);
      if (i > 0) {
        inPage.push(sinceNavigation);
        wall.push(elapsed);
      }
    } finally {
      await context.close();
    }
  }
  return { inPage, wall };
}

function firstDataRow(page: Page, table: string) {
  return page.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('cell') }).first();
}

console.log(`# Ringmaster dashboard benchmark — ${machine()}`);
console.log(`requests: sequential, ${WARM_UP} warm-up then ${REQUESTS} per route; pages: ${LOADS} cold loads each (new browser context), headless Chromium 1440×900`);
const browser = await launchBrowser();
try {
  await onBothEngines((name, dataDir, databaseUrl) => benchEngine(browser, name, dataDir, databaseUrl));
} finally {
  await browser.close();
}
