/**
 * Random, malformed and forged input to every agent route, as the agent of the
 * right target, the agent of another target, the admin, a forged token and no
 * token: never 5xx, always the one error shape, and a refusal changes nothing
 * (deployments, their logs, agents, tokens, enrolment codes, the event log).
 *
 * Set-up (Monday, so sunday-1's window is shut): 0.9.0 through edge and
 * remote into sunday, where sunday-1's deployment is held by its window; then
 * 1.0.0 into edge: edge-1's deployment is running in its second attempt with
 * db running, edge-2's has succeeded, push-1's ran on the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { STEP_STATES } from '../../src/deployments/deployment-types.ts';
import { latestEventId } from '../../src/events/event-store.ts';
import type { Json } from '../engine/engine-fixture.ts';
import { assertWellFormedAnswer } from '../support/fuzz-answer.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { agentCalls, PULL_PRODUCT, stepsAs } from './agent-fixture.ts';

const RUNS = 60;

type Who = 'own' | 'other' | 'admin' | 'forged' | 'none';
const WHO: readonly Who[] = ['own', 'other', 'admin', 'forged', 'none'];

interface Ids {
  /** edge-1's, running (attempt 2). */
  running: string;
  /** edge-2's, succeeded. */
  done: string;
  push: string;
  /** sunday-1's, held by its window. */
  held: string;
}

// ---------------------------------------------------------------------------
// Generators

const JUNK_SEGMENTS = ['nope', '..', '%00', '%ZZ', '%2e%2e', 'a'.repeat(300), 'ü', '-', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff', 'not-a-uuid'];
const WRONG: readonly unknown[] = [null, 0, -1, 1.5, 1e20, true, [], {}, '', '\u0000', 'a'.repeat(3000), { $gt: '' }];
const instant = fc.constantFrom<unknown>(null, '2026-11-23T09:00:00.000Z', '2026-11-23T08:00:00Z', 'yesterday', '', 0, '2026-13-45T99:00:00Z');

const stepReport = fc.record(
  {
    component: fc.constantFrom<unknown>('db', 'api', 'db', 'api', 'cache', '', 'DB', 'a'.repeat(64), null, 3),
    state: fc.constantFrom<unknown>(...STEP_STATES, ...STEP_STATES, 'done', '', null),
    phase: fc.constantFrom<unknown>(null, 'deploy', 'verify', 'install', 7),
    exitCode: fc.constantFrom<unknown>(null, 0, 1, 4, -1, 2_000_000, 1.5, '0'),
    error: fc.constantFrom<unknown>(null, 'exited with code 4', 'x'.repeat(2001), 5),
    startedAt: instant,
    finishedAt: instant,
  },
  { requiredKeys: ['component', 'state'] },
);

const logChunk = fc.record({ seq: fc.constantFrom<unknown>(1, 2, 3, 9, 0, -1, 1.5, '2', null), text: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(42)) }, { requiredKeys: [] });

const progressBody = fc.record(
  {
    attempt: fc.constantFrom<unknown>(1, 2, 2, 2, 3, 0, -1, 1.5, '2', null, 2 ** 53),
    steps: fc.oneof({ weight: 5, arbitrary: fc.array(stepReport, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...WRONG) }),
    log: fc.oneof({ weight: 5, arbitrary: fc.array(logChunk, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...WRONG) }),
  },
  { requiredKeys: [] },
);

const finishBody = fc
  .tuple(
    progressBody,
    fc.constantFrom<unknown>('succeeded', 'failed', 'running', '', undefined),
    fc.constantFrom<unknown>(null, 'api verify failed', 7, undefined),
    fc.oneof(fc.record({ state: fc.constantFrom<unknown>('healthy', 'unhealthy', 'unknown', 'great'), detail: fc.constantFrom<unknown>('', 'ok', 3, 'd'.repeat(2001)) }, { requiredKeys: [] }), fc.constantFrom<unknown>(...WRONG), fc.constant(undefined)),
  )
  .map(([progress, state, error, health]) => ({ ...progress, ...(state === undefined ? {} : { state }), ...(error === undefined ? {} : { error }), ...(health === undefined ? {} : { health }) }));

/** Now and then an unexpected field, or the whole body replaced by junk. */
function withJunk(body: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: body },
    { weight: 1, arbitrary: fc.tuple(body, fc.string({ maxLength: 8 }), fc.constantFrom(...WRONG)).map(([b, key, value]) => ({ ...(b as object), [key || 'extra']: value })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...WRONG) },
  );
}

/** A body as sent: JSON, raw text that is not JSON, or the right JSON under a wrong content type. */
const RAW = ['', '{', '{"attempt":', 'null', '[]', '"text"', '{"a":1}}', '{"__proto__":{"x":1}}'];
function payload(body: fc.Arbitrary<unknown>): fc.Arbitrary<{ text: string; type: string } | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: withJunk(body).map((b) => ({ text: JSON.stringify(b) ?? 'null', type: 'application/json' })) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...RAW), fc.string({ maxLength: 30 })).map((text) => ({ text, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(body, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data')).map(([b, type]) => ({ text: JSON.stringify(b) ?? '', type })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function idSegment(ids: Ids): fc.Arbitrary<string> {
  const known = [ids.running, ids.done, ids.push, ids.held];
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(ids.running.toUpperCase()) },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_SEGMENTS) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }).map(encodeURIComponent) },
  );
}

const nameSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('edge-1', 'sunday-1', 'push-1', 'remote-2') },
  { weight: 2, arbitrary: fc.constantFrom('nowhere', 'EDGE-1', 'fleet', ...JUNK_SEGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
);

const desiredQuery = fc
  .array(fc.tuple(fc.constantFrom('revision', 'wait', 'wait', 'x', 'limit'), fc.oneof(fc.constantFrom('0', '1', '-1', '121', '1.5', 'idle', '', 'a'.repeat(300), '1e3', 'NaN'), fc.string({ maxLength: 12 }))), { maxLength: 3 })
  .map((pairs) => (pairs.length > 0 ? '?' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : ''));

const who = fc.constantFrom(...WHO);

// ---------------------------------------------------------------------------

for (const dialect of DIALECTS) {
  describe(`random and forged input to the agent routes [${dialect}]`, () => {
    // Monday 09:00 UTC: sunday-1's window (Sundays 02:00–04:00 Chicago) is shut.
    const clock = createTestClock('2026-11-23T09:00:00.000Z');
    let t: TestApp;
    const { call, ok, enrol, release } = agentCalls(() => t);
    const tokens: Record<string, string> = {};
    const ids = {} as Ids;
    let usedCode = '';
    let expiredCode = '';
    /** edge-1's steps now: db running, api pending, in attempt 2. */
    let runningSteps: Json[] = [];
    let doneSteps: Json[] = [];
    /** sunday-1's steps as its desired state gives them: all pending. */
    let heldSteps: Json[] = [];
    const stats = { refused: 0, accepted: 0 };

    const tokenOf = (w: Who, own: string, other: string): string | undefined =>
      ({ own: tokens[own], other: tokens[other], admin: t.adminToken, forged: 'rm_forged0000000000000000000000000000000', none: undefined })[w];

    /** What a refused request must leave as it was. */
    async function snapshot(): Promise<string> {
      const db = t.app.database.db;
      return JSON.stringify({
        deployments: await db.selectFrom('deployments').select(['id', 'target', 'state', 'steps', 'attempts', 'error', 'started_at', 'finished_at', 'lease_owner', 'lease_expires_at']).orderBy('id').execute(),
        logs: await db.selectFrom('deployment_logs').select(['deployment_id', 'seq', 'text']).orderBy('deployment_id').orderBy('seq').execute(),
        // Not last_contact_at: a poll records contact, and the server writes it a little later.
        agents: await db.selectFrom('agents').select(['target', 'token_id', 'agent_version', 'hostname', 'health', 'health_detail', 'health_at']).orderBy('target').execute(),
        tokens: await db.selectFrom('tokens').select(['id', 'kind', 'product', 'target', 'expires_at', 'revoked_at']).orderBy('id').execute(),
        codes: await db.selectFrom('enrolment_codes').select(['id', 'target', 'expires_at', 'used_at', 'token_id']).orderBy('id').execute(),
        events: await latestEventId(db),
      });
    }

    /** One request: never 5xx; a refusal is the one error shape and changes nothing. */
    async function probe(method: string, url: string, token: string | undefined, body: { text: string; type: string } | undefined, what = ''): Promise<number> {
      const before = await snapshot();
      const res = await t.request(method, url, {
        token,
        ...(body === undefined ? {} : { body: body.text, headers: { 'content-type': body.type } }),
      });
      const label = `${what}${method} ${url} ${body?.text.slice(0, 300) ?? ''}`;
      assertWellFormedAnswer(label, res);
      if (res.status >= 400) {
        assert.equal(await snapshot(), before, `${label} was refused with ${res.status} but changed something`);
        stats.refused++;
      } else {
        stats.accepted++;
      }
      return res.status;
    }

    const json = (value: unknown) => ({ text: JSON.stringify(value), type: 'application/json' });

    before(async () => {
      t = await createTestApp(dialect, { clock, env: { RINGMASTER_AGENT_POLL_SECONDS: '1' } });
      await ok('POST', '/api/products/apply', { source: PULL_PRODUCT, fileName: 'fleet.yaml' });
      expiredCode = (await ok('POST', '/api/products/fleet/targets/remote-2/enrolment-codes', { expiresInSeconds: 60 })).code;
      clock.advance(5 * 60_000);
      for (const target of ['edge-1', 'edge-2', 'sunday-1']) tokens[target] = await enrol(target);
      usedCode = (await ok('POST', '/api/products/fleet/targets/remote-1/enrolment-codes', {})).code;
      tokens['remote-1'] = ((await ok('POST', '/api/agent/enrol', { code: usedCode })) as Json).token;

      const desired = async (target: string) => (await ok('GET', '/api/agent/desired', undefined, tokens[target])).deployment as Json;
      const at = () => clock.now().toISOString();
      const complete = async (target: string) => {
        const id = (await desired(target)).id as string;
        const s = await ok('POST', `/api/agent/deployments/${id}/start`, {}, tokens[target]);
        await ok('POST', `/api/agent/deployments/${id}/finish`, { attempt: s.attempt, steps: stepsAs(s.steps, 'succeeded', at()), log: [{ seq: s.nextLogSeq, text: 'done\n' }], state: 'succeeded', error: null, health: { state: 'healthy', detail: '' } }, tokens[target]);
        return id;
      };

      // 0.9.0 through edge and remote (remote-2 never called in: skipped), so it may enter sunday, where the window holds it.
      await release('0.9.0');
      await ok('POST', '/api/products/fleet/releases/0.9.0/promote', { ring: 'edge' });
      for (const target of ['edge-1', 'edge-2']) await complete(target);
      await t.app.worker.settle();
      await ok('POST', '/api/products/fleet/releases/0.9.0/promote', { ring: 'remote' });
      await t.app.agents.upkeep();
      await complete('remote-1');
      await t.app.worker.settle();
      await ok('POST', '/api/products/fleet/releases/0.9.0/promote', { ring: 'sunday' });
      const heldDeployment = await desired('sunday-1');
      ids.held = heldDeployment.id;
      heldSteps = stepsAs(heldDeployment.steps, 'pending');

      await release('1.0.0');
      await ok('POST', '/api/products/fleet/releases/1.0.0/promote', { ring: 'edge' });
      ids.done = await complete('edge-2');
      const running = await desired('edge-1');
      ids.running = running.id;
      await ok('POST', `/api/agent/deployments/${ids.running}/start`, {}, tokens['edge-1']);
      // The agent restarted: a second attempt resumes it.
      const s1 = await ok('POST', `/api/agent/deployments/${ids.running}/start`, {}, tokens['edge-1']);
      assert.equal(s1.attempt, 2);
      const [db, api] = s1.steps as Json[];
      runningSteps = [...stepsAs([db!], 'running', at()), ...stepsAs([api!], 'pending')];
      await ok('POST', `/api/agent/deployments/${ids.running}/progress`, { attempt: 2, steps: runningSteps, log: [{ seq: s1.nextLogSeq, text: 'installing db\n' }] }, tokens['edge-1']);
      await t.app.worker.settle();
      await t.app.agents.upkeep();

      const deployments = (await ok('GET', '/api/products/fleet/releases/1.0.0/deployments?limit=100')).deployments as Json[];
      ids.push = deployments.find((d) => d.target === 'push-1')!.id;
      doneSteps = (deployments.find((d) => d.id === ids.done)!.steps as Json[]).map((s) => ({ component: s.component, state: s.state, phase: s.phase ?? null, exitCode: s.exitCode ?? null, error: s.error ?? null, startedAt: s.startedAt ?? null, finishedAt: s.finishedAt ?? null }));
      assert.deepEqual(doneSteps.map((s) => s.state), ['succeeded', 'succeeded']);
      assert.equal(deployments.find((d) => d.id === ids.running)!.state, 'running');
      const held = (await ok('GET', '/api/products/fleet/releases/0.9.0/deployments?limit=100')).deployments as Json[];
      assert.equal(held.find((d) => d.id === ids.held)!.state, 'pending');
    });
    after(async () => {
      await t?.cleanup();
    });

    it('refuses forged reports and claims, changing nothing', async () => {
      const at = clock.now().toISOString();
      const [db, api] = runningSteps;
      const finish = (steps: Json[], extra: Json = {}) => json({ attempt: 2, steps, log: [], state: 'succeeded', error: null, health: { state: 'healthy', detail: '' }, ...extra });
      const progress = (steps: Json[], attempt = 2) => json({ attempt, steps, log: [] });
      /** The next report edge-1 may truly send: db succeeded. */
      const next = [...stepsAs([db!], 'succeeded', at), api!];
      const cases: [string, string, string | undefined, { text: string; type: string }, number, RegExp][] = [
        // Steps may jump from pending to their end (reports come at intervals), so the forgeries are those no true agent could send.
        ["another deployment's steps (sunday-1's, all pending)", `${ids.running}/progress`, tokens['edge-1'], progress(heldSteps), 409, /db is running and cannot become pending/],
        ["a finish with another deployment's steps", `${ids.running}/finish`, tokens['edge-1'], finish(heldSteps), 409, /db is running and cannot become pending/],
        ["a finish with another deployment's steps, one failed", `${ids.running}/finish`, tokens['edge-1'], finish([heldSteps[0]!, { ...stepsAs([api!], 'failed', at)[0], phase: 'verify', exitCode: 4 }], { state: 'failed' }), 409, /db is running and cannot become pending/],
        ['a step going back (running → pending)', `${ids.running}/progress`, tokens['edge-1'], progress([...stepsAs([db!], 'pending'), api!]), 409, /db/],
        ['api before db', `${ids.running}/progress`, tokens['edge-1'], progress([db!, ...stepsAs([api!], 'running', at)]), 409, /api cannot be running before db succeeded/],
        ['a running step skipped', `${ids.running}/progress`, tokens['edge-1'], progress([...stepsAs([db!], 'skipped', at), ...stepsAs([api!], 'failed', at)]), 409, /db is running and cannot become skipped/],
        ['api failing before db succeeded', `${ids.running}/progress`, tokens['edge-1'], progress([db!, ...stepsAs([api!], 'failed', at)]), 409, /api cannot be failed before db succeeded/],
        ['a stale attempt', `${ids.running}/progress`, tokens['edge-1'], progress(next, 1), 409, /attempt 1 .* is over/],
        ['an attempt not begun', `${ids.running}/progress`, tokens['edge-1'], progress(next, 3), 409, /attempt 3/],
        ['a finish claiming success with a step pending', `${ids.running}/finish`, tokens['edge-1'], finish(next), 400, /every step succeeded/],
        ['a failed finish with no failed step', `${ids.running}/finish`, tokens['edge-1'], finish(next, { state: 'failed', error: 'it broke' }), 400, /must report the step that failed/],
        ["another target's agent reporting", `${ids.running}/progress`, tokens['edge-2'], progress(next), 404, /./],
        ["another target's agent finishing", `${ids.running}/finish`, tokens['edge-2'], finish(stepsAs(runningSteps, 'succeeded', at)), 404, /./],
        ["a finish for another target's deployment", `${ids.done}/finish`, tokens['edge-1'], finish(doneSteps, { attempt: 1 }), 404, /./],
        ["a claim of another target's deployment", `${ids.held}/start`, tokens['edge-1'], json({}), 404, /./],
        ["a claim of a push target's deployment", `${ids.push}/start`, tokens['edge-1'], json({}), 404, /./],
        ['a claim while the window is shut', `${ids.held}/start`, tokens['sunday-1'], json({}), 409, /maintenance window of sunday-1 is shut/],
        ['a report after the end', `${ids.done}/finish`, tokens['edge-2'], finish(doneSteps, { attempt: 1 }), 409, /is succeeded/],
        ['a person reporting', `${ids.running}/progress`, t.adminToken, progress(next), 403, /agent token/],
        ['no token', `${ids.running}/progress`, undefined, progress(next), 401, /./],
      ];
      for (const [what, path, token, body, status, message] of cases) {
        const before = await snapshot();
        const res = await t.request('POST', `/api/agent/deployments/${path}`, { token, body: body.text, headers: { 'content-type': body.type } });
        assert.equal(res.status, status, `${what}: ${res.text}`);
        assert.match((res.body as Json).error.message, message, what);
        assert.equal(await snapshot(), before, `${what} changed something`);
      }

      const enrolCases: [string, unknown, number][] = [
        ['a used code', { code: usedCode }, 401],
        ['an expired code', { code: expiredCode }, 401],
        ['a code with a letter changed', { code: `${expiredCode.slice(0, -1)}${expiredCode.endsWith('a') ? 'b' : 'a'}` }, 401],
        ['an agent token as a code', { code: tokens['edge-1'] }, 401],
      ];
      for (const [what, body, status] of enrolCases) assert.equal(await probe('POST', '/api/agent/enrol', undefined, json(body), `${what}: `), status, what);
      assert.equal(await probe('POST', '/api/products/fleet/targets/push-1/enrolment-codes', t.adminToken, json({})), 400);
      assert.equal(await probe('POST', '/api/products/fleet/targets/edge-1/enrolment-codes', tokens['edge-1'], json({})), 403);

      // The report every forgery above imitated, sent truly, is taken: they were refused for what they forged.
      assert.equal((await call('POST', `/api/agent/deployments/${ids.running}/progress`, { attempt: 2, steps: next, log: [] }, tokens['edge-1'])).status, 200);
    });

    it('answers random input to every agent route with 4xx (or 2xx when valid), never 5xx, and a refusal changes nothing', async () => {
      const report = (path: 'progress' | 'finish', body: fc.Arbitrary<unknown>) =>
        fc.asyncProperty(who, idSegment(ids), payload(body), async (w, id, p) => {
          await probe('POST', `/api/agent/deployments/${id}/${path}`, tokenOf(w, 'edge-1', 'edge-2'), p);
        });
      const check = <T extends unknown[]>(property: fc.IAsyncPropertyWithHooks<T>) => fc.assert(property, { numRuns: RUNS });
      // One after another: each shares the server with the others.
      const properties: (() => Promise<void>)[] = [
        () => check(fc.asyncProperty(
          who,
          payload(fc.record({ code: fc.oneof(fc.constantFrom(usedCode, expiredCode, 'rme_', 'rme_x', '', 'a'.repeat(201)), fc.string({ maxLength: 60 })), hostname: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('h'.repeat(254))) }, { requiredKeys: [] })),
          async (w, p) => void (await probe('POST', '/api/agent/enrol', tokenOf(w, 'edge-1', 'edge-2'), p)),
        )),
        () => check(fc.asyncProperty(who, desiredQuery, async (w, query) => void (await probe('GET', `/api/agent/desired${query}`, tokenOf(w, 'edge-1', 'edge-2'), undefined)))),
        () => check(fc.asyncProperty(who, idSegment(ids), payload(fc.constant({})), async (w, id, p) => {
          await probe('POST', `/api/agent/deployments/${id}/start`, tokenOf(w, 'edge-1', 'edge-2'), p);
        })),
        () => check(report('progress', progressBody)),
        () => check(report('finish', finishBody)),
        () => check(fc.asyncProperty(
          // Agents and anonymous callers only: the admin's valid requests would make codes.
          fc.constantFrom<Who>('own', 'other', 'forged', 'none'),
          nameSegment,
          nameSegment,
          payload(fc.record({ expiresInSeconds: fc.constantFrom<unknown>(60, 3600, 59, 0, -1, 30 * 86_400 + 1, 1.5, '3600', null) }, { requiredKeys: [] })),
          async (w, product, target, p) => {
            const status = await probe('POST', `/api/products/${product === 'edge-1' ? 'fleet' : product}/targets/${target}/enrolment-codes`, tokenOf(w, 'edge-1', 'edge-2'), p);
            assert.ok(status >= 400, `an agent or anonymous caller made an enrolment code (${status})`);
          },
        )),
        () => check(fc.asyncProperty(
          nameSegment,
          payload(fc.record({ expiresInSeconds: fc.constantFrom<unknown>(59, 0, -1, 30 * 86_400 + 1, 1.5, '3600', null, 'a') }, { requiredKeys: ['expiresInSeconds'] })),
          async (target, p) => void (await probe('POST', `/api/products/fleet/targets/${target}/enrolment-codes`, t.adminToken, p)),
        )),
      ];
      for (const run of properties) await run();
      assert.ok(stats.refused > RUNS * 4, `only ${stats.refused} refusals`);
    });
  });
}
