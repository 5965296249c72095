import { Kysely } from 'kysely';
import { chooseDialect, type DialectName } from './dialect.ts';

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  dialect: DialectName;
  describe: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without it the embedded SQLite file is used. */
  databaseUrl?: string | undefined;
  /** The SQLite file (or ':memory:'). */
  sqliteFile: string;
  /** Told when an idle PostgreSQL connection fails; the pool replaces it. */
  onPoolError?: ((error: Error) => void) | undefined;
}

export function openDatabase<DB>(options: DatabaseOptions): DatabaseHandle<DB> {
  const choice = chooseDialect(options);
  const db = new Kysely<DB>({ dialect: choice.dialect });
  return { db, dialect: choice.name, describe: choice.describe, close: () => db.destroy() };
}
