import { type Kysely, sql } from 'kysely';
import { autoIncrementIdType, type DialectName } from '../platform/db/dialect.ts';
import type { VersionedMigration } from '../platform/db/migrate.ts';

// Timestamps are ISO-8601 UTC text on both engines (docs/decisions/0002).
// Structured values are JSON text.
export const foundation: VersionedMigration = {
  async up(db: Kysely<any>, dialect: DialectName) { // eslint-disable-line @typescript-eslint/no-explicit-any
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', sql.raw(autoIncrementIdType(dialect)), (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_type_idx').on('events').columns(['type', 'id']).execute();
    await db.schema.createIndex('events_subject_idx').on('events').columns(['subject', 'id']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('disabled_at', 'text')
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('product', 'text')
      .addColumn('target', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();

    await db.schema
      .createTable('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('components')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('components_pk', ['product_id', 'name'])
      .execute();

    await db.schema
      .createTable('rings')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('rings_pk', ['product_id', 'name'])
      .execute();

    await db.schema
      .createTable('targets')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('ring', 'text', (c) => c.notNull())
      .addColumn('users', 'integer', (c) => c.notNull())
      .addColumn('hosting', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('targets_pk', ['product_id', 'name'])
      .execute();
    await db.schema.createIndex('targets_ring_idx').on('targets').columns(['product_id', 'ring']).execute();

    await db.schema
      .createTable('product_roles')
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('members', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('product_roles_pk', ['product_id', 'role'])
      .execute();
  },
};
