import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DeploymentStep, StepState } from '../deployments/deployment-types.ts';
import { DomainError } from '../platform/errors/errors.ts';
import type { StepReport } from './agent-types.ts';
import { applyStepReport } from './step-report.ts';

const AT = '2026-11-23T09:00:00.000Z';
const recorded = (states: Record<string, StepState>): DeploymentStep[] =>
  Object.entries(states).map(([component, state]) => ({ component, version: '1.0.0', artifact: `${component}-1-0-0-abcdef0`, state, startedAt: null, finishedAt: null, phase: null, exitCode: null, error: null }));
const report = (states: Record<string, StepState>): StepReport[] =>
  Object.entries(states).map(([component, state]) => ({ component, state, phase: state === 'pending' || state === 'skipped' ? null : 'deploy', exitCode: null, error: null, startedAt: state === 'pending' ? null : AT, finishedAt: null }));
const DEPS = new Map([['db', []], ['api', ['db']], ['web', ['api']]]);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return `${error.code}: ${error.message}`;
  }
  assert.fail('expected a refusal');
}

describe('applyStepReport', () => {
  it('records legal moves, keeping versions and artifacts from the record', () => {
    const steps = applyStepReport(recorded({ db: 'pending', api: 'pending', web: 'pending' }), report({ db: 'succeeded', api: 'running', web: 'pending' }), DEPS, null);
    assert.deepEqual(steps.map((s) => `${s.component} ${s.state} ${s.artifact}`), ['db succeeded db-1-0-0-abcdef0', 'api running api-1-0-0-abcdef0', 'web pending web-1-0-0-abcdef0']);
  });

  const refused: [string, Record<string, StepState>, Record<string, StepState>, 'succeeded' | 'failed' | null, RegExp][] = [
    ['a step started before its dependency succeeded', { db: 'pending', api: 'pending', web: 'pending' }, { db: 'running', api: 'running', web: 'pending' }, null, /^out_of_order: .*api cannot be running before db succeeded/],
    ['a succeeded step going back', { db: 'succeeded', api: 'pending', web: 'pending' }, { db: 'running', api: 'pending', web: 'pending' }, null, /^out_of_order: .*db is succeeded and cannot become running/],
    ['a failed step starting again', { db: 'failed', api: 'pending', web: 'pending' }, { db: 'running', api: 'pending', web: 'pending' }, null, /db is failed and cannot become running/],
    ['a skip without a failure', { db: 'pending', api: 'pending', web: 'pending' }, { db: 'skipped', api: 'skipped', web: 'skipped' }, null, /skipped only after another failed/],
    ['success with a step not done', { db: 'succeeded', api: 'succeeded', web: 'running' }, { db: 'succeeded', api: 'succeeded', web: 'running' }, 'succeeded', /every step succeeded/],
    ['failure without a failed step', { db: 'succeeded', api: 'pending', web: 'pending' }, { db: 'succeeded', api: 'pending', web: 'pending' }, 'failed', /the step that failed/],
  ];
  for (const [name, before, after, outcome, message] of refused) {
    it(`refuses ${name}`, () => assert.match(refusal(() => applyStepReport(recorded(before), report(after), DEPS, outcome)), message));
  }

  it('refuses unknown, missing and repeated components', () => {
    const steps = recorded({ db: 'pending', api: 'pending' });
    assert.match(refusal(() => applyStepReport(steps, report({ db: 'pending', api: 'pending', cache: 'pending' }), DEPS, null)), /no component 'cache'/);
    assert.match(refusal(() => applyStepReport(steps, report({ db: 'pending' }), DEPS, null)), /missing: api/);
    assert.match(refusal(() => applyStepReport(steps, [...report({ db: 'pending', api: 'pending' }), ...report({ db: 'pending' })], DEPS, null)), /reported twice/);
  });

  it('keeps a succeeded step’s record whatever the report says of its times', () => {
    const before = recorded({ db: 'succeeded', api: 'pending' });
    before[0]!.finishedAt = AT;
    const moved = report({ db: 'succeeded', api: 'running' }).map((s) => (s.component === 'db' ? { ...s, finishedAt: '2030-01-01T00:00:00.000Z' } : s));
    assert.equal(applyStepReport(before, moved, DEPS, null)[0]!.finishedAt, AT);
  });

  it('never accepts a report that starts anything before what it depends on succeeded (property)', () => {
    const state = fc.constantFrom<StepState>('pending', 'running', 'succeeded', 'failed', 'skipped');
    fc.assert(
      fc.property(fc.tuple(state, state, state), fc.tuple(state, state, state), ([b1, b2, b3], [r1, r2, r3]) => {
        try {
          const steps = applyStepReport(recorded({ db: b1, api: b2, web: b3 }), report({ db: r1, api: r2, web: r3 }), DEPS, null);
          const byName = new Map(steps.map((s) => [s.component, s.state]));
          for (const [name, deps] of DEPS) {
            if (['running', 'succeeded', 'failed'].includes(byName.get(name)!) && byName.get(name) !== (name === 'db' ? b1 : name === 'api' ? b2 : b3)) {
              assert.ok(deps.every((dep) => byName.get(dep) === 'succeeded'), `${name} moved before its dependencies succeeded`);
            }
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }),
    );
  });
});
