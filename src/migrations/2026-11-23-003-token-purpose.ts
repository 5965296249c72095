import type { Kysely } from 'kysely';
import type { VersionedMigration } from '../platform/db/migrate.ts';

// Why a token exists: null for API tokens, 'browser-session' for one a browser
// sign-in minted (sign-out revokes exactly those).
export const tokenPurpose: VersionedMigration = {
  async up(db: Kysely<any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
    await db.schema.alterTable('tokens').addColumn('purpose', 'text').execute();
  },
};
