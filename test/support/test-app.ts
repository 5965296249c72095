/**
 * A real Ringmaster app on a fresh database of either engine, driven through
 * Fastify's inject (no socket) unless a test listens itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type App, createApp } from '../../src/app/create-app.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { type DialectName, freshDatabase } from './databases.ts';

export interface TestApp {
  app: App;
  dialect: DialectName;
  adminToken: string;
  /** Everything the server logged, one JSON line each. */
  logs: string[];
  request(method: string, url: string, options?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: unknown; text: string }>;
  cleanup(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  /** Where the worker runs deploy commands (default: the process's working directory). */
  deployDir?: string;
  /** The built web dashboard to serve (default: the package's web/dist). */
  webDir?: string;
  /** More configuration, as the server reads it from the environment (e.g. RINGMASTER_AGENT_POLL_SECONDS). */
  env?: Record<string, string>;
  /**
   * The train's and notifications' upkeep also run every second, as on a real
   * server. Off by default: the test calls them (`app.train.upkeep()`), so a
   * train step or a window opening at the real time of day cannot add events
   * to a test that counts them.
   */
  backgroundUpkeep?: boolean;
}

export async function createTestApp(dialect: DialectName, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rm-app-'));
  const pgDatabase = dialect === 'postgres' ? await freshDatabase(dialect, { migrate: false }) : null;
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { logs.push(...String(chunk).trimEnd().split('\n')); done(); } });
  const config = loadConfig(
    { ...options.env, RINGMASTER_SECRET_KEY: randomBytes(32).toString('base64') },
    { dataDir, databaseUrl: pgDatabase?.options.databaseUrl, logLevel: 'info' },
  );
  const app = await createApp(config, {
    logger: createLogger('info', sink),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.deployDir ? { deployDir: options.deployDir } : {}),
    ...(options.webDir ? { webDir: options.webDir } : {}),
    upkeepByHand: !options.backgroundUpkeep,
  });
  if (!app.adminToken) throw new Error('a fresh database must bootstrap an admin token');
  return {
    app,
    dialect,
    adminToken: app.adminToken,
    logs,
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
      const response = await app.http.inject({
        method: method as 'GET',
        url,
        headers,
        ...(opts.body === undefined ? {} : typeof opts.body === 'string' ? { payload: opts.body } : { payload: opts.body as object }),
      });
      let body: unknown = undefined;
      try {
        body = JSON.parse(response.body);
      } catch {
        body = undefined;
      }
      return { status: response.statusCode, body, text: response.body };
    },
    async cleanup() {
      await app.close();
      await pgDatabase?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
