import assert from 'node:assert/strict';
import { it } from 'node:test';
import pino from 'pino';
import type { Database } from '../app/database-schema.ts';
import { forEachDatabase } from '../../test/support/databases.ts';
import { createEventFeed } from './event-feed.ts';
import { appendEvent, latestEventId } from './event-store.ts';
import type { EventRecord } from './event-types.ts';

const AT = '2026-11-23T10:00:00.000Z';
const event = (summary: string) => ({ actor: 'user:a', type: 'test.happened', subject: 'test/1', summary });

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(check(), `timed out waiting for ${what}`);
}

forEachDatabase<Database>('the event feed', (t) => {
  it('hands every new event on, in id order', async () => {
    const feed = createEventFeed(t.db, { pollMs: 20, logger: pino({ level: 'silent' }) });
    const seen: EventRecord[] = [];
    const stop = feed.subscribe(await latestEventId(t.db), (events) => seen.push(...events));
    try {
      for (const summary of ['one', 'two', 'three']) await appendEvent(t.db, AT, event(summary));
      await until('three events', () => seen.length === 3);
      assert.deepEqual(seen.map((e) => e.summary), ['one', 'two', 'three']);
    } finally {
      stop();
      feed.close();
    }
  });

  // Two writers at once: SQLite has one writer per file, so only PostgreSQL can commit out of id order.
  if (t.dialect === 'postgres') it('waits for an event that commits after a later one instead of passing over it', async () => {
    const feed = createEventFeed(t.db, { pollMs: 20, logger: pino({ level: 'silent' }) });
    const seen: EventRecord[] = [];
    const stop = feed.subscribe(await latestEventId(t.db), (events) => seen.push(...events));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowId = 0;
    const slow = t.db.transaction().execute(async (trx) => {
      slowId = (await appendEvent(trx, AT, event('slow'))).id;
      await held;
    });
    try {
      await until('the slow event to take its id', () => slowId > 0);
      const fast = await appendEvent(t.db, AT, event('fast'));
      assert.ok(fast.id > slowId);
      // The later event is committed and readable; the feed must not pass the earlier one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(seen.map((e) => e.summary), []);
      release();
      await slow;
      await until('both events', () => seen.length === 2);
      assert.deepEqual(seen.map((e) => e.summary), ['slow', 'fast']);
    } finally {
      release();
      stop();
      feed.close();
    }
  });

  it('goes on after a rolled-back event: past its missing id once the grace is over (PostgreSQL), or into the id it left (SQLite)', async () => {
    const feed = createEventFeed(t.db, { pollMs: 20, logger: pino({ level: 'silent' }) });
    const seen: EventRecord[] = [];
    const stop = feed.subscribe(await latestEventId(t.db), (events) => seen.push(...events));
    try {
      let rolledBack = 0;
      await t.db.transaction().execute(async (trx) => {
        rolledBack = (await appendEvent(trx, AT, event('rolled back'))).id;
        throw new Error('roll back');
      }).catch(() => undefined);
      const next = await appendEvent(t.db, AT, event('after it'));
      assert.equal(next.id, t.dialect === 'postgres' ? rolledBack + 1 : rolledBack, 'PostgreSQL leaves a gap; SQLite reuses the id');
      await until('the event after the rolled-back one', () => seen.length === 1);
      assert.deepEqual(seen.map((e) => e.summary), ['after it']);
    } finally {
      stop();
      feed.close();
    }
  });
});
