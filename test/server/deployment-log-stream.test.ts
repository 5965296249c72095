/**
 * A deployment's log live over real HTTP: server-sent chunks that arrive while
 * the deploy command still runs, an `end` event with the final state, resuming
 * from Last-Event-ID without repeats, and the usual refusals before streaming.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** dev runs a few seconds in steps (so its log arrives in several chunks); staging runs until the server stops. */
const PRODUCT = `product: logs
components:
  - name: app
rings:
  - name: dev
    rollout: { autoPromote: true }
  - name: staging
targets:
  - name: dev-1
    ring: dev
    deploy: { command: "echo step one; sleep 2; echo step two; sleep 2; echo step three", timeout: 2m }
  - name: staging-1
    ring: staging
    deploy: { command: "echo waiting; sleep 60", timeout: 2m }
`;

interface Frame {
  id: string | undefined;
  event: string | undefined;
  data: Json;
}

/**
 * Reads server-sent frames until the response ends (or `ms` passed), calling
 * `onFrame` as each arrives.
 */
async function readFrames(response: Response, onFrame: (frame: Frame) => void | Promise<void> = () => {}, ms = 30_000): Promise<{ frames: Frame[]; ended: boolean }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const frames: Frame[] = [];
  let text = '';
  let ended = false;
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (chunk === null) break;
      if (chunk.done) {
        ended = true;
        break;
      }
      text += chunk.value;
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const lines = text.slice(0, end).split('\n');
        text = text.slice(end + 2);
        const fields = Object.fromEntries(lines.filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
        if (fields['data'] === undefined) continue;
        const frame = { id: fields['id'], event: fields['event'], data: JSON.parse(fields['data']) as Json };
        frames.push(frame);
        await onFrame(frame);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return { frames, ended };
}

for (const dialect of DIALECTS) {
  describe(`the live deployment log [${dialect}]`, () => {
    const deployDir = mkdtempSync(join(tmpdir(), 'rm-log-stream-'));
    let t: TestApp;
    let base: string;
    let devId: string;
    let streamed: Frame[] = [];
    const { ok } = apiCalls(() => t);
    const stream = (id: string, query = '', headers: Record<string, string> = {}) =>
      fetch(`${base}/api/deployments/${id}/log/stream${query}`, { headers: { authorization: `Bearer ${t.adminToken}`, ...headers } });
    const chunksOf = (frames: Frame[]) => frames.filter((f) => f.event === undefined);

    /** The deployment of release 1.0.0 into a ring, once the rollout has created it. */
    async function deploymentIn(ring: string): Promise<Json> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const page = await ok('GET', `/api/products/logs/releases/1.0.0/deployments?ring=${ring}`);
        if (page.total > 0) return page.deployments[0];
        assert.ok(Date.now() < deadline, `no deployment into ${ring} appeared`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    before(async () => {
      t = await createTestApp(dialect, { deployDir });
      base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      await ok('POST', '/api/products/apply', { source: PRODUCT, fileName: 'logs.yaml' });
      await ok('POST', '/api/products/logs/builds', buildBody('app', '1.0.0'));
    });
    after(async () => {
      // A stream of a deployment that is still running when the server stops must not keep it from stopping…
      await ok('POST', '/api/products/logs/releases/1.0.0/promote', { ring: 'staging' });
      const staging = await deploymentIn('staging');
      const open = await stream(staging.id);
      assert.equal(open.status, 200);
      const reader = open.body!.pipeThrough(new TextDecoderStream()).getReader();
      // Stopped once its command runs (its first output was streamed), not while the worker is still claiming it.
      let seen = '';
      while (!seen.includes('waiting')) {
        const chunk = await reader.read();
        assert.ok(!chunk.done, 'the stream stays open while the deployment runs');
        seen += chunk.value;
      }
      await t.cleanup();
      // …and it ends rather than staying open (reading would otherwise hang until the test timeout).
      while (!(await reader.read()).done);
      rmSync(deployDir, { recursive: true, force: true });
    });

    it('streams the chunks in order while the deployment runs, then `end` with its final state', async () => {
      await ok('POST', '/api/products/logs/releases', { version: '1.0.0', latest: true });
      devId = (await deploymentIn('dev')).id;
      const response = await stream(devId);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      let stateAtFirstChunk: string | undefined;
      const { frames, ended } = await readFrames(response, async (frame) => {
        if (frame.event === undefined && stateAtFirstChunk === undefined) stateAtFirstChunk = (await ok('GET', `/api/deployments/${devId}`)).state;
      });
      assert.ok(ended, 'the response ends after `end`');
      assert.equal(stateAtFirstChunk, 'running', 'the first chunk arrived while the command still ran');
      const chunks = chunksOf(frames);
      assert.ok(chunks.length >= 2, `the log came in several chunks: ${JSON.stringify(frames)}`);
      assert.deepEqual(chunks.map((f) => f.data.seq), chunks.map((_, i) => i + 1), 'every chunk once, in order');
      assert.deepEqual(chunks.map((f) => Number(f.id)), chunks.map((f) => f.data.seq), 'the event id is the chunk seq');
      assert.deepEqual(frames.at(-1), { id: undefined, event: 'end', data: { state: 'succeeded' } });
      assert.equal(frames.filter((f) => f.event !== undefined).length, 1, 'one end, last');
      const text = chunks.map((f) => f.data.text).join('');
      assert.match(text, /step one\n[\s\S]*step two\n[\s\S]*step three\n/);
      const log = await ok('GET', `/api/deployments/${devId}/log?limit=1000`);
      assert.deepEqual(chunks.map((f) => f.data), log.chunks, 'the same chunks as the log route');
      streamed = frames;
    });

    it('resumes after Last-Event-ID (which wins over `after`) or `after`, sending nothing twice', async () => {
      const chunks = chunksOf(streamed);
      const middle = chunks[Math.floor(chunks.length / 2) - 1]!.data.seq as number;
      const rest = chunks.filter((f) => f.data.seq > middle).map((f) => f.data);
      const resumed = await readFrames(await stream(devId, '?after=0', { 'last-event-id': String(middle) }));
      assert.deepEqual(chunksOf(resumed.frames).map((f) => f.data), rest);
      assert.deepEqual(resumed.frames.at(-1)?.data, { state: 'succeeded' });
      const byQuery = await readFrames(await stream(devId, `?after=${middle}`));
      assert.deepEqual(chunksOf(byQuery.frames).map((f) => f.data), rest);
      const atEnd = await readFrames(await stream(devId, '', { 'last-event-id': String(chunks.at(-1)!.data.seq) }));
      assert.deepEqual(atEnd.frames.map((f) => f.event), ['end'], 'a reader that saw everything gets only the end');
      assert.ok(atEnd.ended);
    });

    it('refuses a missing token, an unknown or invisible deployment and a bad cursor, before streaming', async () => {
      const anonymous = await fetch(`${base}/api/deployments/${devId}/log/stream`);
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as Json).error.code, 'unauthenticated');
      const unknown = await stream(randomUUID());
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as Json).error.code, 'not_found');
      // A CI token of another product may not see this product's deployments: the same 404 as the log route.
      await ok('POST', '/api/products/apply', { source: PRODUCT.replace('product: logs', 'product: other'), fileName: 'other.yaml' });
      const ci = (await ok('POST', '/api/tokens', { name: 'other-ci', kind: 'ci', product: 'other' })).secret as string;
      const hidden = await fetch(`${base}/api/deployments/${devId}/log/stream`, { headers: { authorization: `Bearer ${ci}` } });
      assert.equal(hidden.status, 404);
      assert.equal((await t.request('GET', `/api/deployments/${devId}/log`, { token: ci })).status, 404);
      for (const query of ['?after=-1', '?after=abc', '?after=1e30', '?after=2147483648', '?nope=1']) {
        const res = await stream(devId, query);
        assert.equal(res.status, 400, query);
        assert.equal(((await res.json()) as Json).error.code, 'invalid_request', query);
      }
      const badId = await stream('not-a-uuid');
      assert.equal(badId.status, 400);
    });
  });
}
