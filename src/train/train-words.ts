/** The train's sentences: run outcomes and event summaries, times in the train's zone. Pure. */
import type { GateVerdict } from '../gates/gate-types.ts';
import type { Freeze, TrainDay } from './train-schedule.ts';
import { zonedDate, zonedMoment, zonedTime, zonedTimeNear } from './zoned-time.ts';

export function frozenOutcome(freeze: Freeze, timezone: string): string {
  return `frozen${freeze.reason === '' ? '' : `: ${freeze.reason}`} until ${zonedMoment(freeze.until, timezone)}`;
}

export function missedOutcome(dueAt: number, graceEndsAt: number, timezone: string): string {
  return `missed: nobody ran it between ${zonedTime(dueAt, timezone)} and ${zonedTimeNear(graceEndsAt, dueAt, timezone)} ${timezone}`;
}

/** "vote: qa (quinn) voted no-go: load test failed; checklist: …" */
export function blockers(order: string | null, verdicts: readonly GateVerdict[]): string {
  const reasons = verdicts.filter((v) => v.status !== 'pass').map((v) => `${v.gate}: ${v.reason}`);
  return [...(order === null ? [] : [order]), ...reasons].join('; ');
}

/** "daily-train 1.5.0 is scheduled for production on Fri 4 Dec 2026 at 17:00 Asia/Kolkata (Go/No-Go at 16:00)" */
export function scheduledSummary(product: string, version: string, ring: string, day: TrainDay & { deployAt: number }, timezone: string): string {
  const vote = day.voteAt === null ? '' : ` (Go/No-Go at ${zonedTimeNear(day.voteAt, day.deployAt, timezone)})`;
  return `${product} ${version} is scheduled for ${ring} on ${zonedMoment(day.deployAt, timezone)}${vote}`;
}

/** "the Fri 4 Dec 2026 train" */
export function trainOf(day: TrainDay, timezone: string): string {
  return `the ${zonedDate(day.cutAt, timezone)} train`;
}
