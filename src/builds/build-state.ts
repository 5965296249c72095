/** Whether a build is green, and why not: pure, shared by the server and the CLI. */
import type { StageResult } from './build-types.ts';

/** At least one stage, every one passed or skipped: none failed, none still running. */
export function isGreen(stages: readonly Pick<StageResult, 'status'>[]): boolean {
  return stages.length > 0 && stages.every((s) => s.status === 'passed' || s.status === 'skipped');
}

/** "unit-tests failed; e2e-tests running", or "no stages reported"; empty for a green build. */
export function redReason(stages: readonly Pick<StageResult, 'name' | 'status'>[]): string {
  if (stages.length === 0) return 'no stages reported';
  const named = (status: StageResult['status']) => stages.filter((s) => s.status === status).map((s) => s.name);
  const failed = named('failed');
  const running = named('running');
  return [...(failed.length > 0 ? [`${failed.join(', ')} failed`] : []), ...(running.length > 0 ? [`${running.join(', ')} running`] : [])].join('; ');
}

/** "green" or "red: unit-tests failed". */
export function describeState(stages: readonly Pick<StageResult, 'name' | 'status'>[]): string {
  return isGreen(stages) ? 'green' : `red: ${redReason(stages)}`;
}
