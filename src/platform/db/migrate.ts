import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import { type DialectName, withExclusiveLock } from './dialect.ts';

/**
 * A migration is frozen in time: it gets an untyped handle and the engine's
 * name, and never imports application code.
 */
export interface VersionedMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const MIGRATION_LOCK_KEY = 0x52_4d_01; // "RM" 1: arbitrary, constant across releases

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings the schema to the latest version. Several servers starting at once on
 * one PostgreSQL serialise on an advisory lock, so each migration runs once.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  dialect: DialectName,
  migrations: Record<string, VersionedMigration>,
): Promise<MigrationOutcome> {
  return withExclusiveLock(db, dialect, MIGRATION_LOCK_KEY, async (locked) => {
    const provider = {
      getMigrations: async (): Promise<Record<string, Migration>> =>
        Object.fromEntries(
          Object.entries(migrations).map(([name, m]) => [name, { up: (handle: Kysely<unknown>) => m.up(handle, dialect) }]),
        ),
    };
    const migrator = new Migrator({ db: locked, provider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw new Error(`database migration failed: ${describeFailure(results, error)}`, { cause: error });
    return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
  });
}

function describeFailure(results: MigrationResult[] | undefined, error: unknown): string {
  const failed = results?.find((r) => r.status === 'Error');
  const reason = error instanceof Error ? error.message : String(error);
  return failed ? `${failed.migrationName}: ${reason}` : reason;
}
