import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DependencyNode } from '../products/dependency-order.ts';
import { runInDependencyOrder } from './step-scheduler.ts';

const node = (name: string, ...dependsOn: string[]): DependencyNode => ({ name, dependsOn });

/** How a fake component run goes: how many event-loop turns it takes, and how it ends. */
interface Plan {
  turns: number;
  ends: 'ok' | 'fail' | 'throw';
}

type Event = { kind: 'start'; name: string } | { kind: 'end'; name: string; ok: boolean };

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A `run` that follows the plans and records what happened, in order. */
function recorder(plans: Record<string, Plan> = {}) {
  const events: Event[] = [];
  const calls = new Map<string, number>();
  let running = 0;
  let maxRunning = 0;
  const run = async (name: string): Promise<boolean> => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    events.push({ kind: 'start', name });
    running++;
    maxRunning = Math.max(maxRunning, running);
    const plan = plans[name] ?? { turns: 1, ends: 'ok' };
    for (let i = 0; i < plan.turns; i++) await turn();
    running--;
    events.push({ kind: 'end', name, ok: plan.ends === 'ok' });
    if (plan.ends === 'throw') throw new Error(`${name} broke`);
    return plan.ends === 'ok';
  };
  const starts = (): string[] => events.flatMap((e) => (e.kind === 'start' ? [e.name] : []));
  const index = (kind: Event['kind'], name: string): number => events.findIndex((e) => e.kind === kind && e.name === name);
  return { run, events, calls, starts, index, maxRunning: () => maxRunning };
}

describe('runInDependencyOrder', () => {
  it('runs a chain one after another', async () => {
    const r = recorder();
    const result = await runInDependencyOrder([node('web', 'api'), node('api', 'db'), node('db')], r.run);
    assert.deepEqual(r.starts(), ['db', 'api', 'web']);
    assert.ok(r.index('end', 'db') < r.index('start', 'api'));
    assert.ok(r.index('end', 'api') < r.index('start', 'web'));
    assert.deepEqual(result, { outcome: { web: 'succeeded', api: 'succeeded', db: 'succeeded' }, failed: [] });
  });

  it('runs both sides of a diamond in parallel, the top after both', async () => {
    const r = recorder();
    const result = await runInDependencyOrder([node('a', 'b', 'c'), node('b', 'd'), node('c', 'd'), node('d')], r.run);
    assert.deepEqual(r.starts(), ['d', 'b', 'c', 'a']);
    assert.ok(r.index('start', 'c') < r.index('end', 'b'), 'c starts before b ends');
    assert.ok(r.index('end', 'b') < r.index('start', 'a') && r.index('end', 'c') < r.index('start', 'a'));
    assert.deepEqual(Object.values(result.outcome), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('starts independent components together, in name order', async () => {
    const r = recorder();
    await runInDependencyOrder([node('zeta'), node('alpha'), node('mid')], r.run);
    assert.deepEqual(r.starts(), ['alpha', 'mid', 'zeta']);
    assert.equal(r.maxRunning(), 3);
  });

  it('keeps to the concurrency limit', async () => {
    const r = recorder();
    const result = await runInDependencyOrder([node('zeta'), node('alpha'), node('mid'), node('top', 'alpha')], r.run, { concurrency: 2 });
    assert.equal(r.maxRunning(), 2);
    assert.equal(Object.values(result.outcome).filter((o) => o === 'succeeded').length, 4);
  });

  it('after a failure starts nothing, lets running components finish and skips the rest', async () => {
    const r = recorder({ b: { turns: 1, ends: 'fail' }, slow: { turns: 6, ends: 'ok' } });
    const result = await runInDependencyOrder([node('a'), node('b', 'a'), node('c', 'b'), node('d', 'a'), node('slow')], r.run);
    assert.deepEqual(result.outcome, { a: 'succeeded', b: 'failed', c: 'skipped', d: 'succeeded', slow: 'succeeded' });
    assert.deepEqual(result.failed, ['b']);
    assert.ok(r.index('end', 'b') < r.index('end', 'slow'), 'slow was still running when b failed');
    assert.equal(r.calls.get('c'), undefined);
  });

  it('skips unrelated components that had not started yet when something failed', async () => {
    const r = recorder({ a: { turns: 1, ends: 'fail' } });
    const result = await runInDependencyOrder([node('a'), node('b'), node('c')], r.run, { concurrency: 1 });
    assert.deepEqual(result, { outcome: { a: 'failed', b: 'skipped', c: 'skipped' }, failed: ['a'] });
  });

  it('counts a run that rejects or throws as failed and still settles', async () => {
    const r = recorder({ a: { turns: 2, ends: 'throw' } });
    const throwsAtOnce = (name: string): Promise<boolean> => {
      if (name === 'b') throw new Error('not even a promise');
      return r.run(name);
    };
    const result = await runInDependencyOrder([node('a'), node('b'), node('c', 'a')], throwsAtOnce);
    assert.deepEqual(result.outcome, { a: 'failed', b: 'failed', c: 'skipped' });
    assert.deepEqual(result.failed, ['b', 'a']);
  });

  it('runs a component nothing depends on, ignores unknown dependencies and runs a repeated name once', async () => {
    const r = recorder();
    const result = await runInDependencyOrder([node('api', 'nowhere'), node('loner'), node('api', 'loner')], r.run);
    assert.deepEqual(result.outcome, { api: 'succeeded', loner: 'succeeded' });
    assert.equal(r.calls.get('api'), 1);
    assert.ok(r.index('start', 'api') < r.index('end', 'loner'), 'the first api entry (no known dependencies) wins');
  });

  it('settles at once with no components', async () => {
    assert.deepEqual(await runInDependencyOrder([], () => Promise.resolve(true)), { outcome: {}, failed: [] });
  });

  it('keeps an awkward name as a plain key', async () => {
    const result = await runInDependencyOrder([node('__proto__')], () => Promise.resolve(true));
    assert.deepEqual(Object.keys(result.outcome), ['__proto__']);
    assert.equal(Object.getPrototypeOf(result.outcome), Object.prototype);
  });

  it('refuses a cycle before running anything', async () => {
    const r = recorder();
    await assert.rejects(runInDependencyOrder([node('api', 'worker'), node('worker', 'api')], r.run), /dependency cycle: api → worker → api/);
    assert.equal(r.events.length, 0);
  });

  for (const concurrency of [0, -1, 1.5, Number.NaN]) {
    it(`refuses a concurrency of ${concurrency}`, async () => {
      await assert.rejects(runInDependencyOrder([node('a')], () => Promise.resolve(true), { concurrency }), RangeError);
    });
  }
});

describe('runInDependencyOrder properties', () => {
  /** Random DAGs: node i depends only on nodes before it; shuffled so list order says nothing. */
  const dagArb = fc
    .integer({ min: 1, max: 12 })
    .chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `c${j}`)))).map((deps) =>
        deps.map((dependsOn, i) => node(`c${i}`, ...dependsOn)),
      ),
    )
    .chain((nodes) => fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length }));
  // At least one turn: each run then ends in its own event-loop turn and the scheduler
  // hears of it before any other run ends, so "after the first failure" is well defined.
  const planArb = fc.record({
    turns: fc.integer({ min: 1, max: 4 }),
    ends: fc.oneof({ weight: 8, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: fc.constant('fail' as const) }, { weight: 1, arbitrary: fc.constant('throw' as const) }),
  });
  const scenarioArb = dagArb.chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      plans: fc.tuple(...nodes.map(() => planArb)).map((plans) => Object.fromEntries(nodes.map((n, i) => [n.name, plans[i] as Plan]))),
      concurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    }),
  );

  it('respects dependencies, stops after a failure and gives every component one outcome', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ nodes, plans, concurrency }) => {
        const r = recorder(plans);
        const result = await runInDependencyOrder(nodes, r.run, { concurrency });
        const { events } = r;

        // Nothing starts before all it depends on finished successfully.
        for (const [i, event] of events.entries()) {
          if (event.kind !== 'start') continue;
          const deps = nodes.find((n) => n.name === event.name)?.dependsOn ?? [];
          for (const dep of deps) {
            const done = events.findIndex((e) => e.kind === 'end' && e.name === dep && e.ok);
            assert.ok(done !== -1 && done < i, `${event.name} started before ${dep} succeeded`);
          }
        }
        // Nothing starts after the first failure.
        const firstFailure = events.findIndex((e) => e.kind === 'end' && !e.ok);
        if (firstFailure !== -1) assert.ok(events.slice(firstFailure).every((e) => e.kind === 'end'), 'a start after a failure');
        // Every component: one outcome, matching what its run did; run at most once.
        assert.deepEqual(Object.keys(result.outcome).sort(), nodes.map((n) => n.name).sort());
        for (const n of nodes) {
          const calls = r.calls.get(n.name) ?? 0;
          assert.ok(calls <= 1);
          const end = events.find((e) => e.kind === 'end' && e.name === n.name);
          const expected = calls === 0 ? 'skipped' : end?.kind === 'end' && end.ok ? 'succeeded' : 'failed';
          assert.equal(result.outcome[n.name], expected, n.name);
        }
        assert.deepEqual(
          result.failed,
          events.flatMap((e) => (e.kind === 'end' && !e.ok ? [e.name] : [])),
        );
        if (concurrency !== undefined) assert.ok(r.maxRunning() <= concurrency);
        // Without failures, everything runs and succeeds.
        if (firstFailure === -1) assert.ok(Object.values(result.outcome).every((o) => o === 'succeeded'));
        if (Object.values(plans).every((p) => p.ends === 'ok')) assert.deepEqual(result.failed, []);
      }),
      { numRuns: 300 },
    );
  });
});
