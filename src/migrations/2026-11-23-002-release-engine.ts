import { type Kysely, sql } from 'kysely';
import type { VersionedMigration } from '../platform/db/migrate.ts';

// Builds, releases, approvals, rollouts, deployments and what each target runs.
// Booleans are integers (0/1) and structured values JSON text on both engines.
export const releaseEngine: VersionedMigration = {
  async up(db: Kysely<any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
    await db.schema
      .createTable('builds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('commit_sha', 'text', (c) => c.notNull())
      .addColumn('branch', 'text', (c) => c.notNull())
      .addColumn('artifact', 'text', (c) => c.notNull())
      .addColumn('artifacts', 'text', (c) => c.notNull())
      .addColumn('stages', 'text', (c) => c.notNull())
      .addColumn('green', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('builds_version_uq', ['product_id', 'component', 'version'])
      .execute();
    await db.schema.createIndex('builds_branch_idx').on('builds').columns(['product_id', 'component', 'branch', 'created_at']).execute();

    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('base_version', 'text')
      .addColumn('blessed_at', 'text')
      .addColumn('state_reason', 'text')
      .addColumn('state_by', 'text')
      .addColumn('state_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('releases_version_uq', ['product_id', 'version'])
      .execute();
    await db.schema.createIndex('releases_created_idx').on('releases').columns(['product_id', 'created_at']).execute();

    await db.schema
      .createTable('release_builds')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('build_id', 'text', (c) => c.notNull().references('builds.id'))
      .addPrimaryKeyConstraint('release_builds_pk', ['release_id', 'component'])
      .execute();

    await db.schema
      .createTable('approvals')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('approvals_pk', ['release_id', 'ring', 'user_name'])
      .execute();

    await db.schema
      .createTable('rollouts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('waves', 'integer', (c) => c.notNull())
      .addColumn('current_wave', 'integer', (c) => c.notNull())
      .addColumn('next_wave_at', 'text')
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    // A release enters a ring once: two promotions racing cannot both insert.
    await db.schema.createIndex('rollouts_promotion_uq').on('rollouts').columns(['release_id', 'ring']).unique().where(sql.ref('kind'), '=', 'promotion').execute();
    await db.schema.createIndex('rollouts_state_idx').on('rollouts').columns(['state']).execute();
    await db.schema.createIndex('rollouts_product_idx').on('rollouts').columns(['product_id', 'ring']).execute();

    await db.schema
      .createTable('deployments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('rollout_id', 'text', (c) => c.notNull().references('rollouts.id').onDelete('cascade'))
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('deployments_work_idx').on('deployments').columns(['state', 'delivery', 'created_at']).execute();
    await db.schema.createIndex('deployments_rollout_idx').on('deployments').columns(['rollout_id', 'wave', 'state']).execute();
    await db.schema.createIndex('deployments_target_idx').on('deployments').columns(['product_id', 'target', 'finished_at']).execute();
    await db.schema.createIndex('deployments_release_idx').on('deployments').columns(['release_id', 'ring']).execute();

    await db.schema
      .createTable('deployment_logs')
      .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('deployment_logs_pk', ['deployment_id', 'seq'])
      .execute();

    // What each target runs now, and which deployment holds it (a lease), so
    // two deployments never touch one target at once.
    await db.schema
      .createTable('target_states')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.references('releases.id'))
      .addColumn('since', 'text')
      .addColumn('last_deployment_id', 'text')
      .addColumn('last_state', 'text')
      .addColumn('holder', 'text')
      .addColumn('held_until', 'text')
      .addPrimaryKeyConstraint('target_states_pk', ['product_id', 'target'])
      .execute();
    await db.schema.createIndex('target_states_release_idx').on('target_states').columns(['release_id']).execute();
  },
};
