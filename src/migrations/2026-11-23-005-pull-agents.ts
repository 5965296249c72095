import type { Kysely } from 'kysely';
import type { VersionedMigration } from '../platform/db/migrate.ts';

// Pull delivery: the agent of each pull target (last contact, version,
// health), one-time enrolment codes, and the report key of an offline bundle.
export const pullAgents: VersionedMigration = {
  async up(db: Kysely<any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
    await db.schema
      .createTable('agents')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('token_id', 'text')
      .addColumn('agent_version', 'text')
      .addColumn('hostname', 'text')
      .addColumn('last_contact_at', 'text')
      .addColumn('health', 'text')
      .addColumn('health_detail', 'text')
      .addColumn('health_at', 'text')
      .addPrimaryKeyConstraint('agents_pk', ['product_id', 'target'])
      .execute();

    await db.schema
      .createTable('enrolment_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('token_id', 'text')
      .execute();

    // Encrypted: the key an offline site signs its result file with (bundles/).
    await db.schema.alterTable('deployments').addColumn('offline_key', 'text').execute();
  },
};
