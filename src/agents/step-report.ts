/**
 * Checking an agent's report of its steps against what is recorded, so a
 * confused or forged report cannot rewrite history: every component of the
 * deployment once, legal moves only, and nothing started before what it
 * depends on succeeded. Pure; answers the steps to record.
 */
import type { DeploymentStep, StepState } from '../deployments/deployment-types.ts';
import { ConflictError, InputError } from '../platform/errors/errors.ts';
import type { StepReport } from './agent-types.ts';

/** Where a step may go within one attempt; steps report at intervals, so pending may jump straight to its end. */
const MOVES: Record<StepState, readonly StepState[]> = {
  pending: ['pending', 'running', 'succeeded', 'failed', 'skipped'],
  running: ['running', 'succeeded', 'failed'],
  succeeded: ['succeeded'],
  failed: ['failed'],
  skipped: ['skipped'],
};

const STARTED: ReadonlySet<StepState> = new Set(['running', 'succeeded', 'failed']);

export function applyStepReport(
  recorded: readonly DeploymentStep[],
  reported: readonly StepReport[],
  dependsOn: ReadonlyMap<string, readonly string[]>,
  outcome: 'succeeded' | 'failed' | null,
): DeploymentStep[] {
  const seen = new Set<string>();
  const byName = new Map(recorded.map((s) => [s.component, s]));
  for (const step of reported) {
    if (!byName.has(step.component)) throw new InputError(`the deployment has no component '${step.component}'`, [{ field: 'steps', component: step.component }]);
    if (seen.has(step.component)) throw new InputError(`component '${step.component}' is reported twice`, [{ field: 'steps', component: step.component }]);
    seen.add(step.component);
  }
  const missing = recorded.filter((s) => !seen.has(s.component)).map((s) => s.component);
  if (missing.length > 0) throw new InputError(`every component's step must be reported; missing: ${missing.join(', ')}`, [{ field: 'steps' }]);

  const states = new Map(reported.map((s) => [s.component, s.state]));
  for (const step of reported) {
    const before = byName.get(step.component)!;
    if (!MOVES[before.state].includes(step.state)) {
      throw new ConflictError(`out of order: ${step.component} is ${before.state} and cannot become ${step.state}`, [{ component: step.component }], 'out_of_order');
    }
    if (STARTED.has(step.state)) {
      const waiting = (dependsOn.get(step.component) ?? []).filter((d) => byName.has(d) && states.get(d) !== 'succeeded');
      if (waiting.length > 0) {
        throw new ConflictError(`out of order: ${step.component} cannot be ${step.state} before ${waiting.join(', ')} succeeded`, [{ component: step.component }], 'out_of_order');
      }
    }
  }
  const failed = reported.some((s) => s.state === 'failed');
  if (reported.some((s) => s.state === 'skipped') && !failed) throw new InputError('a step may be skipped only after another failed', [{ field: 'steps' }]);
  if (outcome === 'succeeded' && reported.some((s) => s.state !== 'succeeded')) {
    throw new InputError('a deployment succeeds only when every step succeeded', [{ field: 'state' }]);
  }
  if (outcome === 'failed' && !failed) throw new InputError('a failed deployment must report the step that failed', [{ field: 'state' }]);

  return recorded.map((before) => {
    const step = reported.find((s) => s.component === before.component)!;
    // A succeeded step keeps its record: a repeated report cannot move its times.
    if (before.state === 'succeeded') return before;
    return {
      ...before,
      state: step.state,
      phase: step.phase,
      exitCode: step.exitCode,
      error: step.error,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
    };
  });
}
