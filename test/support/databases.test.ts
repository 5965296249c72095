import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type Generated, sql } from 'kysely';
import { forEachDatabase, freshDatabase } from './databases.ts';

interface TestSchema {
  meta: { key: string; value: string };
  events: { id: Generated<number>; at: string; actor: string; type: string; subject: string; summary: string; data: string };
}

const seen: string[] = [];

forEachDatabase<TestSchema>('fresh migrated database', (t) => {
  before(() => {
    seen.push(t.dialect);
  });

  it('is opened on the engine the suite names', () => {
    assert.equal(t.handle.dialect, t.dialect);
    if (t.dialect === 'postgres') assert.ok(t.options.databaseUrl);
    else assert.ok(t.options.sqliteFile.endsWith('.db'));
  });

  it('has the events table, empty', async () => {
    const rows = await t.db.selectFrom('events').selectAll().execute();
    assert.deepEqual(rows, []);
  });

  it('has the meta table', async () => {
    const rows = await t.db.selectFrom('meta').selectAll().execute();
    assert.ok(Array.isArray(rows));
  });

  it('gives increasing event ids', async () => {
    const row = { at: '2026-11-23T00:00:00.000Z', actor: 'test', type: 'test', subject: 's', summary: 'x', data: '{}' };
    const first = await t.db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow();
    const second = await t.db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow();
    assert.equal(typeof first.id, 'number');
    assert.ok(second.id > first.id);
  });
});

forEachDatabase<TestSchema>(
  'fresh unmigrated database',
  (t) => {
    it('has no events table', async () => {
      const tables = await t.db.introspection.getTables();
      assert.equal(tables.find((table) => table.name === 'events'), undefined);
    });
  },
  { migrate: false },
);

describe('forEachDatabase', () => {
  it('ran the suite on both engines', () => {
    assert.deepEqual(seen, ['sqlite', 'postgres']);
  });
});

describe('freshDatabase', () => {
  it('gives each database its own data', async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const a = await freshDatabase<TestSchema>(dialect);
      const b = await freshDatabase<TestSchema>(dialect);
      try {
        await a.handle.db.insertInto('meta').values({ key: 'k', value: 'a' }).execute();
        const inB = await b.handle.db.selectFrom('meta').selectAll().execute();
        assert.deepEqual(inB, [], dialect);
        const count = await sql<{ n: number }>`select count(*) as n from meta`.execute(a.handle.db);
        assert.equal(Number(count.rows[0]?.n), 1, dialect);
      } finally {
        await a.cleanup();
        await b.cleanup();
      }
    }
  });
});
