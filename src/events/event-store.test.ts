import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Database } from '../app/database-schema.ts';
import { forEachDatabase } from '../../test/support/databases.ts';
import { appendEvent, latestEventId, listEvents } from './event-store.ts';

forEachDatabase<Database>('event store', (t) => {
  it('appends with increasing ids and keeps the structured data', async () => {
    const a = await appendEvent(t.db, '2026-11-23T10:00:00.000Z', { actor: 'user:a', type: 'release.created', subject: 'release/1', summary: 'one', data: { n: 1, nested: { ok: true } } });
    const b = await appendEvent(t.db, '2026-11-23T10:00:01.000Z', { actor: 'user:a', type: 'release.promoted', subject: 'release/1', summary: 'two' });
    const c = await appendEvent(t.db, '2026-11-23T10:00:02.000Z', { actor: 'user:b', type: 'token.created', subject: 'token/9', summary: 'three' });
    assert.ok(a.id < b.id && b.id < c.id);
    assert.equal(await latestEventId(t.db), c.id);
    const all = await listEvents(t.db, { after: 0, limit: 10 });
    assert.deepEqual(all.map((e) => e.summary), ['one', 'two', 'three']);
    assert.deepEqual(all[0]!.data, { n: 1, nested: { ok: true } });
    assert.equal(typeof all[0]!.id, 'number');
  });

  it('filters by exact type, by type prefix and by subject, and pages with after', async () => {
    assert.deepEqual((await listEvents(t.db, { after: 0, limit: 10, type: 'release.' })).map((e) => e.summary), ['one', 'two']);
    assert.deepEqual((await listEvents(t.db, { after: 0, limit: 10, type: 'release' })).map((e) => e.summary), []);
    assert.deepEqual((await listEvents(t.db, { after: 0, limit: 10, type: 'token.created' })).map((e) => e.summary), ['three']);
    assert.deepEqual((await listEvents(t.db, { after: 0, limit: 10, subject: 'release/1' })).length, 2);
    const first = await listEvents(t.db, { after: 0, limit: 1 });
    assert.deepEqual((await listEvents(t.db, { after: first[0]!.id, limit: 10 })).map((e) => e.summary), ['two', 'three']);
  });

  it('pages newest first with before, filters included', async () => {
    assert.deepEqual((await listEvents(t.db, { after: 0, before: Infinity, limit: 2 })).map((e) => e.summary), ['three', 'two']);
    const newest = await listEvents(t.db, { after: 0, before: Infinity, limit: 1, subject: 'release/1' });
    assert.deepEqual(newest.map((e) => e.summary), ['two']);
    assert.deepEqual((await listEvents(t.db, { after: 0, before: newest[0]!.id, limit: 10, subject: 'release/1' })).map((e) => e.summary), ['one']);
  });

  it('rolls an event back with the transaction that wrote it', async () => {
    const before = await latestEventId(t.db);
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await appendEvent(trx, '2026-11-23T11:00:00.000Z', { actor: 'x', type: 'x.y', subject: 's', summary: 'doomed' });
        throw new Error('the state change failed');
      }),
      /the state change failed/,
    );
    assert.equal(await latestEventId(t.db), before);
  });
});
