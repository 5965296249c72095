/**
 * The live event stream over real HTTP: server-sent events that arrive within
 * a second of the change, resume after a reconnect from Last-Event-ID, filter
 * by type, and refuse bad input and missing tokens like every route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

interface SseEvent {
  id: number;
  /** The frame's own event name: absent, so a browser's one onmessage listener sees every event. */
  name: string | undefined;
  data: { id: number; type: string; summary: string };
}

/** Reads server-sent events from a live response until `count` arrived or `ms` passed. */
async function readEvents(response: Response, count: number, ms = 5000): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (events.length < count && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (chunk === null || chunk.done) break;
      text += chunk.value;
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(frame.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
        if (fields['data'] !== undefined) events.push({ id: Number(fields['id']), name: fields['event'], data: JSON.parse(fields['data']) as SseEvent['data'] });
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}

for (const dialect of DIALECTS) {
  describe(`the live event stream [${dialect}]`, () => {
    let t: TestApp;
    let base: string;
    const stream = (query = '', headers: Record<string, string> = {}) =>
      fetch(`${base}/api/events/stream${query}`, { headers: { authorization: `Bearer ${t.adminToken}`, ...headers } });
    const addUser = (name: string) => t.request('POST', '/api/users', { token: t.adminToken, body: { name, role: 'viewer' } });

    before(async () => {
      t = await createTestApp(dialect);
      base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      // A stream still open when the server stops must not keep it from stopping (a hang fails on the test timeout).
      const open = await stream();
      assert.equal(open.status, 200);
      await t.cleanup();
      // …and the stream ends rather than staying open (reading would otherwise hang until the test timeout).
      const reader = open.body!.getReader();
      while (!(await reader.read()).done);
    });

    it('sends the events after a cursor, then new ones as they happen', async () => {
      await addUser('ann');
      const response = await stream('?after=0');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reading = readEvents(response, 3);
      await new Promise((r) => setTimeout(r, 300));
      await addUser('ben');
      const events = await reading;
      assert.deepEqual(events.map((e) => e.data.type), ['user.created', 'user.created', 'user.created'], 'the bootstrap admin, ann, then ben');
      assert.deepEqual(events.map((e) => e.name), [undefined, undefined, undefined]);
      assert.match(events[2]!.data.summary, /ben/);
      assert.deepEqual(events.map((e) => e.id), events.map((e) => e.data.id));
      assert.ok(events[0]!.id < events[1]!.id && events[1]!.id < events[2]!.id);
    });

    it('resumes after a reconnect from Last-Event-ID, and filters by type', async () => {
      const all = (await t.request('GET', '/api/events?limit=1000', { token: t.adminToken })).body as { events: { id: number }[] };
      const last = all.events.at(-1)!.id;
      await addUser('cat');
      await t.request('POST', '/api/tokens', { token: t.adminToken, body: { name: 'cat-cli', user: 'cat' } });
      const resumed = await readEvents(await stream('?after=0', { 'last-event-id': String(last) }), 2);
      assert.deepEqual(resumed.map((e) => e.data.type), ['user.created', 'token.created']);
      assert.ok(resumed.every((e) => e.id > last), 'nothing before the cursor is sent again');
      const tokensOnly = await readEvents(await stream(`?after=${last}&type=token.`), 1);
      assert.deepEqual(tokensOnly.map((e) => e.data.type), ['token.created']);
    });

    it('pages the log newest first, and refuses mixed directions', async () => {
      const page = (query: string) => t.request('GET', `/api/events${query}`, { token: t.adminToken });
      const first = (await page('?order=newest&limit=2&type=user.created')).body as { events: { id: number; summary: string }[]; next: number };
      assert.equal(first.events.length, 2);
      assert.ok(first.events[0]!.id > first.events[1]!.id, 'newest first');
      const rest = (await page(`?order=newest&before=${first.next}&type=user.created&limit=1000`)).body as { events: { id: number }[] };
      assert.ok(rest.events.length >= 1 && rest.events.every((e) => e.id < first.next));
      for (const query of ['?order=newest&after=1', '?before=5', '?order=sideways']) {
        const res = await page(query);
        assert.equal(res.status, 400, query);
      }
      assert.match(((await page('?before=5')).body as { error: { message: string } }).error.message, /order=newest/);
    });

    it('starts from now when given neither a cursor nor Last-Event-ID', async () => {
      await addUser('dan');
      const response = await stream();
      const reading = readEvents(response, 1);
      await new Promise((r) => setTimeout(r, 300));
      await addUser('eve');
      const events = await reading;
      assert.deepEqual(events.map((e) => e.data.summary.includes('eve')), [true], 'dan, created before the stream opened, is not sent');
    });

    it('refuses a missing token and bad input with the error shape, before streaming', async () => {
      const anonymous = await fetch(`${base}/api/events/stream`);
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthenticated');
      for (const query of ['?after=-1', '?after=abc', '?after=1e30', `?type=${'x'.repeat(200)}`, '?nope=1']) {
        const res = await stream(query);
        assert.equal(res.status, 400, query);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request', query);
      }
    });
  });
}
