/**
 * Driving the web dashboard in a real Chromium (playwright-core, Debian's
 * browser). Every page records its console errors and uncaught exceptions, so
 * a test can assert the app logged none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { findChromium } from './chromium.ts';
import { isRoot } from './debian-package.ts';

export const SCREENSHOT_DIR = join('test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium was not found: `npm test` installs it, or set RINGMASTER_CHROMIUM to a Chromium binary');
  // Chromium's sandbox cannot start as root (CI runs as root); /dev/shm is small in containers.
  const args = ['--disable-dev-shm-usage', ...(isRoot() ? ['--no-sandbox'] : [])];
  return chromium.launch({ executablePath, headless: true, args });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in the order they happened. */
  problems: string[];
}

/** A fresh browser context (its own cookies) on `baseUrl`, sized like a laptop screen. */
export async function openPage(browser: Browser, baseUrl: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  return { page, context, problems };
}

/** Signs in through the sign-in page with a user and password; answers once the app has left the page. */
export async function signIn(watched: WatchedPage, user: string, password: string): Promise<void> {
  const { page } = watched;
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'User' }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/**
 * The browser itself logs every refused request ("Failed to load resource: …
 * 409") as a console error. A test that provokes a refusal on purpose takes
 * exactly that one entry back, and fails if it is not there.
 */
export function expectRefusalLogged(watched: { problems: string[] }, status: number, url: RegExp): void {
  const index = watched.problems.findIndex((p) => p.includes(`status of ${status}`) && url.test(p));
  if (index < 0) throw new Error(`expected the browser to log the ${status} from ${url}, it logged: ${watched.problems.join('; ') || 'nothing'}`);
  watched.problems.splice(index, 1);
}

/** Saves a full-page screenshot under test-output/screenshots; answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
