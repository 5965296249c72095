/**
 * The release train in words, for the train view: its crons, its steps and
 * where the day stands, and times in the train's zone. Pure (times and zones
 * are passed in) and free of value imports, so its unit test runs in Node.
 */
import type { TrainStatus } from '../app/api.ts';

export type TrainDay = NonNullable<TrainStatus['today']>;
export type StepView = TrainDay['steps'][number];
export type StepName = StepView['step'];
export type StepState = StepView['state'];

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const DAY_NAMES: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

/**
 * "weekdays at 15:00", "every day at 09:30", "Mondays at 02:00",
 * "Monday, Wednesday and Friday at 17:00"; any other cron as it is written.
 */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (fields.length !== 5 || !minute || !hour || !dayOfWeek || dayOfMonth !== '*' || month !== '*' || !/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return `cron “${cron}”`;
  const days = daysOf(dayOfWeek);
  if (days === null) return `cron “${cron}”`;
  return `${describeDays(days)} at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

/** The days of the week a cron's last field names (0 = Sunday), or null when it says more than a list of days. */
function daysOf(field: string): number[] | null {
  if (field === '*') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\w+)(?:-(\w+))?$/.exec(part);
    if (!range) return null;
    const from = dayNumber(range[1]!);
    const to = range[2] === undefined ? from : dayNumber(range[2]);
    if (from === null || to === null || to < from) return null;
    for (let d = from; d <= to; d++) days.add(d % 7);
  }
  return [...days].sort((a, b) => a - b);
}

function dayNumber(text: string): number | null {
  if (/^\d$/.test(text)) return Number(text) <= 7 ? Number(text) : null;
  return DAY_NAMES[text.toUpperCase()] ?? null;
}

function describeDays(days: number[]): string {
  const key = days.join(',');
  if (key === '0,1,2,3,4,5,6') return 'every day';
  if (key === '1,2,3,4,5') return 'weekdays';
  if (key === '0,6') return 'weekends';
  const names = days.map((d) => DAYS[d]!);
  if (names.length === 1) return `${names[0]}s`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "Cut a candidate", "Open the Go/No-Go", "Deploy to production". */
export function stepLabel(step: StepName, ring: string): string {
  if (step === 'cut') return 'Cut a candidate';
  if (step === 'vote') return 'Open the Go/No-Go';
  return `Deploy to ${ring}`;
}

const STATE_WORDS: Record<StepState, string> = {
  waiting: 'not yet: it runs at its time',
  running: 'running now',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
};

/** The step's own sentence from the server, or what its state says when it has none yet. */
export function stepOutcome(step: Pick<StepView, 'state' | 'outcome'>): string {
  return step.outcome.trim() === '' ? STATE_WORDS[step.state] : step.outcome;
}

export interface TrainStanding {
  /** A StateBadge key. */
  tone: string;
  text: string;
  /** The step the day waits on next, if any: shown with its due time. */
  next: StepView | null;
}

/** Where today's train stands, in one sentence. */
export function trainStanding(steps: readonly StepView[], ring: string): TrainStanding {
  if (steps.length === 0) return { tone: 'never', text: 'No train runs today.', next: null };
  const failed = steps.find((s) => s.state === 'failed');
  if (failed) return { tone: 'failed', text: `Stopped at “${stepLabel(failed.step, ring)}”: ${stepOutcome(failed)}`, next: null };
  const running = steps.find((s) => s.state === 'running');
  if (running) return { tone: 'running', text: `${stepLabel(running.step, ring)}: running now.`, next: running };
  const waiting = steps.find((s) => s.state === 'waiting');
  const skipped = steps.find((s) => s.state === 'skipped');
  if (waiting && !skipped) return { tone: 'waiting', text: `Next: ${lowerFirst(stepLabel(waiting.step, ring))}.`, next: waiting };
  if (waiting && skipped) return { tone: 'waiting', text: `Next: ${lowerFirst(stepLabel(waiting.step, ring))} (“${stepLabel(skipped.step, ring)}” was skipped: ${stepOutcome(skipped)}).`, next: waiting };
  if (skipped) return { tone: 'skipped', text: `Over for the day: “${stepLabel(skipped.step, ring)}” was skipped: ${stepOutcome(skipped)}`, next: null };
  const version = steps.find((s) => s.version !== null)?.version;
  return { tone: 'done', text: version ? `Done for the day: ${version} went to ${ring}.` : 'Done for the day.', next: null };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "Fri 4 Dec, 15:00" in `timeZone` (an IANA zone, or the reader's own when undefined). */
export function formatInZone(at: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(new Date(at));
}

/** "Fri, 4 Dec 2026": a train day (its cut instant) as a date in the train's zone. */
export function trainDate(day: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(new Date(day));
}

/**
 * "15:00 Asia/Kolkata (10:30 your time)": a moment in the train's zone, and in
 * the reader's when it differs; `readerZone` is the browser's zone.
 */
export function bothZones(at: string, trainZone: string, readerZone: string): string {
  const there = `${formatInZone(at, trainZone)} ${trainZone}`;
  if (readerZone === trainZone || formatInZone(at, readerZone) === formatInZone(at, trainZone)) return there;
  return `${there} (${formatInZone(at, readerZone)} your time)`;
}
