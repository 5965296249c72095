/**
 * Two servers started at the same moment on one empty PostgreSQL database:
 * both come up, the migrations run once, and one admin token is made.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { type App, createApp } from '../../src/app/create-app.ts';
import { migrations } from '../../src/migrations/index.ts';
import { ConfigError, loadConfig } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { freshDatabase } from '../support/databases.ts';

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

describe('servers starting together on one PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function startTwo(): Promise<{ apps: App[]; url: string; key: string }> {
    const database = await freshDatabase('postgres', { migrate: false });
    cleanups.push(database.cleanup);
    const key = randomBytes(32).toString('base64');
    const url = database.options.databaseUrl!;
    const configs = [0, 1].map(() => {
      const dataDir = mkdtempSync(join(tmpdir(), 'rm-pair-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      return loadConfig({ RINGMASTER_SECRET_KEY: key }, { dataDir, databaseUrl: url });
    });
    const apps = await Promise.all(configs.map((c) => createApp(c, { logger: quiet() })));
    cleanups.push(async () => { await Promise.all(apps.map((a) => a.close())); });
    return { apps, url, key };
  }

  it('both come up; migrations and the admin token happen once', async () => {
    const { apps } = await startTwo();
    const applied = apps.map((a) => a.migrationsApplied.length);
    const all = Object.keys(migrations).length;
    assert.deepEqual(applied.toSorted(), [0, all], `one server ran every migration, the other none (got ${applied})`);
    assert.equal(apps.filter((a) => a.adminToken !== null).length, 1, 'exactly one server bootstrapped the admin');
    const token = apps.find((a) => a.adminToken)!.adminToken!;
    for (const app of apps) {
      const res = await app.http.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 200, 'each server accepts the token the other printed');
    }
    const rows = await apps[0]!.database.db.selectFrom('kysely_migration' as never).selectAll().execute();
    assert.equal(rows.length, all);
  });

  it('a third server with another secret key refuses to start, naming the key', async () => {
    const { url } = await startTwo();
    const dataDir = mkdtempSync(join(tmpdir(), 'rm-wrongkey-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ RINGMASTER_SECRET_KEY: randomBytes(32).toString('base64') }, { dataDir, databaseUrl: url });
    await assert.rejects(createApp(config, { logger: quiet() }), (error: unknown) => error instanceof ConfigError && /secret key/.test(error.message));
  });
});
