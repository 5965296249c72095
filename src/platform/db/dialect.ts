/**
 * Everything that differs between SQLite and PostgreSQL lives here, so the
 * rest of the code has one path for both engines.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Dialect, type Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectChoice {
  name: DialectName;
  dialect: Dialect;
  /** A description safe to print: never contains a password. */
  describe: string;
}

const INT8_OID = 20;

/** Builds the Kysely dialect for a PostgreSQL URL or, without one, a SQLite file. */
export function chooseDialect(options: { databaseUrl?: string | undefined; sqliteFile: string; onPoolError?: ((error: Error) => void) | undefined }): DialectChoice {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // Event ids are bigints; they stay below 2^53, so read them as numbers.
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
      } as pg.CustomTypesConfig,
    });
    // An idle connection can die (a database restart, an administrator): without a
    // listener the pool's 'error' event would end the process. The pool replaces it.
    pool.on('error', options.onPoolError ?? (() => {}));
    pool.on('connect', preparedStatements);
    return { name: 'postgres', dialect: new PostgresDialect({ pool }), describe: redactUrl(options.databaseUrl) };
  }
  const file = options.sqliteFile;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    name: 'sqlite',
    describe: `sqlite:${file}`,
    dialect: new SqliteDialect({
      database: async () => {
        const db = new SQLite(file);
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        return withStatementCache(db);
      },
    }),
  };
}

/** Queries worth keeping prepared: plain data statements, not DDL or transaction control. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Kysely sends every query unnamed, so PostgreSQL parses (and plans) it each
 * time; under thousands of agents' reports that was most of the database's
 * work. A data statement with parameters is sent as a named prepared
 * statement instead: `pg` parses it once per connection, and PostgreSQL may
 * keep a generic plan. The name is the text's hash, so one text is one name.
 */
function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0 && PREPARABLE.test(text)) {
      return query({ name: `rm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values });
    }
    return query(text, values, ...rest);
  };
}

/** Statements kept prepared; a server runs a few hundred distinct ones. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query afresh, and preparing costs SQLite more than
 * running a small query: under thousands of agents' reports it was the
 * largest share of the server's CPU. Statements are reusable, so each SQL
 * text is prepared once (least recently used dropped beyond the limit).
 * Kysely runs them with all()/run() only, never two at once on one statement.
 */
function withStatementCache(db: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as SQLite.Database['prepare'];
  return db;
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres:(unparseable url)';
  }
}

/** Column type of the event log's increasing id. */
export function autoIncrementIdType(name: DialectName): string {
  return name === 'postgres' ? 'bigserial' : 'integer';
}

/**
 * Runs `fn` while holding a lock that other servers on the same database wait
 * for. PostgreSQL: a session advisory lock on one pinned connection. SQLite: one
 * writer per file is the engine's own rule, so a write transaction suffices.
 */
export async function withExclusiveLock<DB, T>(
  db: Kysely<DB>,
  name: DialectName,
  lockKey: number,
  fn: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (name === 'sqlite') return fn(db);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${lockKey})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${lockKey})`.execute(conn);
    }
  });
}

/** True when `error` is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** `column` contains `text`, ignoring case; LIKE with an explicit ESCAPE reads the same on both engines. */
export function containsIgnoreCase(column: string, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
