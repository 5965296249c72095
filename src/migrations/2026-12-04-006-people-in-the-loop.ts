import type { Kysely } from 'kysely';
import type { VersionedMigration } from '../platform/db/migrate.ts';

// People in the loop: checklist ticks with their evidence files, Go/No-Go
// rounds and ballots, edited release notes and runbook additions, the release
// train's steps (on leases), notification deliveries (the outbox's retries),
// the commits each build carries, and the component metadata a release was cut with.
export const peopleInTheLoop: VersionedMigration = {
  async up(db: Kysely<any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
    await db.schema.alterTable('products').addColumn('train', 'text').execute();
    await db.schema.alterTable('products').addColumn('notifiers', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('builds').addColumn('commits', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('releases').addColumn('components', 'text').execute();

    await db.schema
      .createTable('evidence_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      // Base64: one text type on both engines, like the rest of the schema.
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('checklist_ticks')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('link', 'text')
      .addColumn('file_id', 'text', (c) => c.references('evidence_files.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('checklist_ticks_pk', ['release_id', 'ring', 'role', 'item'])
      .execute();

    await db.schema
      .createTable('vote_rounds')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closes_at', 'text')
      .addColumn('decision', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('decided_at', 'text')
      .addPrimaryKeyConstraint('vote_rounds_pk', ['release_id', 'ring'])
      .execute();
    await db.schema.createIndex('vote_rounds_undecided').on('vote_rounds').columns(['decision', 'closes_at']).execute();

    await db.schema
      .createTable('ballots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('vote', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ballots_round').on('ballots').columns(['release_id', 'ring', 'at']).execute();

    await db.schema
      .createTable('release_documents')
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('markdown', 'text', (c) => c.notNull())
      .addColumn('edited_by', 'text', (c) => c.notNull())
      .addColumn('edited_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('release_documents_pk', ['release_id', 'kind'])
      .execute();

    await db.schema
      .createTable('train_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('version', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addUniqueConstraint('train_runs_once', ['product_id', 'day', 'step'])
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('notifier', 'text', (c) => c.notNull())
      .addColumn('event_id', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addUniqueConstraint('deliveries_once', ['product_id', 'notifier', 'event_id'])
      .execute();
    await db.schema.createIndex('deliveries_due').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  },
};
