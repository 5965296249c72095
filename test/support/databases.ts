/**
 * Runs store tests on BOTH engines. Every suite gets a fresh, migrated
 * database of its own: SQLite in a temp file, PostgreSQL as a new database on
 * the test cluster, dropped afterwards.
 *
 * The PostgreSQL cluster is the one `npm test` starts (its URL is in
 * RINGMASTER_TEST_PG_URL). When a test file is run on its own without it, this
 * module starts a private cluster once per process and stops it at the end.
 * The PostgreSQL run is never skipped.
 *
 *   forEachDatabase<Database>('event store', (t) => {
 *     it('appends', async () => {
 *       await t.db.insertInto('events').values({ ... }).execute();
 *     });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { migrations } from '../../src/migrations/index.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase } from '../../src/platform/db/database.ts';
import type { DialectName } from '../../src/platform/db/dialect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { type RunningPostgres, startPostgres } from './postgres.ts';

export type { DialectName };

/** Both engines, in the order suites run. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** Env var holding the superuser URL of the shared test cluster. */
export const PG_URL_ENV = 'RINGMASTER_TEST_PG_URL';

export interface FreshDatabaseOptions {
  /** Run every migration (default true). False gives an empty database, e.g. to test migrations. */
  migrate?: boolean;
}

export interface FreshDatabase<DB> {
  dialect: DialectName;
  handle: DatabaseHandle<DB>;
  /**
   * How to open the same database again, e.g. to start a second server or
   * handle on it: `{ databaseUrl }` for PostgreSQL, `{ sqliteFile }` for SQLite.
   */
  options: DatabaseOptions;
  /** Closes the handle and deletes the database. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** What a `forEachDatabase` body gets. `handle` and `db` are readable once the suite runs (in hooks and tests). */
export interface DatabaseTestContext<DB> {
  dialect: DialectName;
  readonly handle: DatabaseHandle<DB>;
  /** Shorthand for `handle.db`. */
  readonly db: Kysely<DB>;
  /** See FreshDatabase.options. */
  readonly options: DatabaseOptions;
}

// ---------------------------------------------------------------------------
// The PostgreSQL cluster

let ownCluster: Promise<RunningPostgres> | undefined;

/** The superuser URL of the test cluster, starting a private one when none is given. */
export async function testClusterUrl(): Promise<string> {
  const shared = process.env[PG_URL_ENV];
  if (shared) return shared;
  ownCluster ??= startPostgres();
  return (await ownCluster).url;
}

// Registered at import time, so it is a root-level hook: it runs once all the
// tests of this process have finished.
after(async () => {
  if (!ownCluster) return;
  const cluster = await ownCluster.catch(() => undefined);
  ownCluster = undefined;
  await cluster?.stop();
});

async function withAdminClient<T>(clusterUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function databaseUrl(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------
// Fresh databases

/** A new, migrated (unless `migrate: false`) database on `dialect`, with its cleanup. */
export async function freshDatabase<DB>(dialect: DialectName, options: FreshDatabaseOptions = {}): Promise<FreshDatabase<DB>> {
  const suffix = randomBytes(6).toString('hex');
  let dbOptions: DatabaseOptions;
  let drop: () => Promise<void>;

  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ringmaster-sqlite-'));
    dbOptions = { sqliteFile: join(dir, `rm_test_${suffix}.db`) };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const clusterUrl = await testClusterUrl();
    const name = `rm_test_${suffix}`;
    await withAdminClient(clusterUrl, (c) => c.query(`create database "${name}"`));
    dbOptions = { databaseUrl: databaseUrl(clusterUrl, name), sqliteFile: ':memory:' };
    drop = async () => {
      await withAdminClient(clusterUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    };
  }

  const handle = openDatabase<DB>(dbOptions);
  let cleaning: Promise<void> | undefined;
  const cleanup = () => {
    cleaning ??= (async () => {
      try {
        await handle.close();
      } finally {
        await drop();
      }
    })();
    return cleaning;
  };

  try {
    if (options.migrate !== false) await migrateToLatest(handle.db, handle.dialect, migrations);
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
  return { dialect, handle, options: dbOptions, cleanup };
}

/**
 * Declares the suite `fn` twice: `${title} [sqlite]` and `${title} [postgres]`,
 * each on a fresh database made in a `before` hook (which runs ahead of the
 * hooks `fn` declares) and deleted in an `after` hook (which runs after them).
 */
export function forEachDatabase<DB>(
  title: string,
  fn: (t: DatabaseTestContext<DB>) => void | Promise<void>,
  options: FreshDatabaseOptions = {},
): void {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, async () => {
      let fresh: FreshDatabase<DB> | undefined;
      const current = (): FreshDatabase<DB> => {
        if (!fresh) {
          throw new Error(
            `forEachDatabase('${title}'): the ${dialect} database is only available inside hooks and tests, not while the suite is being declared`,
          );
        }
        return fresh;
      };
      const context: DatabaseTestContext<DB> = {
        dialect,
        get handle() {
          return current().handle;
        },
        get db() {
          return current().handle.db;
        },
        get options() {
          return current().options;
        },
      };

      before(async () => {
        fresh = await freshDatabase<DB>(dialect, options);
      });
      try {
        await fn(context);
      } finally {
        after(async () => {
          await fresh?.cleanup();
        });
      }
    });
  }
}
