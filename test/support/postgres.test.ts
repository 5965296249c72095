import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase, testClusterUrl } from './databases.ts';

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('test PostgreSQL harness', () => {
  let clusterUrl: string;
  before(async () => {
    clusterUrl = await testClusterUrl();
  });

  it('is a real PostgreSQL server listening on the loopback address', async () => {
    const [row] = await query<{ version: string }>(clusterUrl, 'select version() as version');
    assert.match(row?.version ?? '', /PostgreSQL/);
    assert.equal(new URL(clusterUrl).hostname, '127.0.0.1');
  });

  describe('a fresh database', () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      fresh = await freshDatabase('postgres');
    });
    after(async () => {
      await fresh?.cleanup();
    });

    it('is migrated: it has the events table', async () => {
      assert.equal(fresh.handle.dialect, 'postgres');
      const url = fresh.options.databaseUrl;
      assert.ok(url, 'a PostgreSQL fresh database has a URL');
      const rows = await query<{ table_name: string }>(
        url,
        "select table_name from information_schema.tables where table_schema = 'public' and table_name = $1",
        ['events'],
      );
      assert.deepEqual(rows, [{ table_name: 'events' }]);
    });

    it('is a database of its own on the cluster, dropped by cleanup', async () => {
      const name = new URL(fresh.options.databaseUrl ?? '').pathname.slice(1);
      assert.match(name, /^rm_test_[0-9a-f]+$/);
      const exists = async () =>
        (await query(clusterUrl, 'select 1 from pg_database where datname = $1', [name])).length === 1;
      assert.equal(await exists(), true);
      await fresh.cleanup();
      assert.equal(await exists(), false);
    });
  });
});
