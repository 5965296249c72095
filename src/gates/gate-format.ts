/**
 * Wording shared by gate reasons: durations, lists of names, builds and the
 * outcome of a rollout in a ring. Reasons are read by people, so numbers and
 * names are spelled out.
 */
import type { RingProgress, RolloutState } from '../releases/release-types.ts';

/** Elapsed time the way a soak is reported: `3h 0m`, `26h 15m`; under an hour to the second: `12m 5s`. */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 3_600) return formatSpan(whole);
  return `${Math.floor(whole / 3_600)}h ${Math.floor((whole % 3_600) / 60)}m`;
}

/** A configured span, largest units first, zero parts left out: `24h`, `1h 30m`, `45s`. */
export function formatSpan(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  let rest = whole;
  for (const [unit, size] of [['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}

/** `alice`, `alice, bob`: names as given, in order. */
export function listNames(names: readonly string[]): string {
  return names.join(', ');
}

/** `1 approval`, `2 approvals`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** A percentage with one decimal: `61.0%`. */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/** A first reason, and how many more there are: `web 2.0.0 has no 'e2e-tests' stage (and 2 more)`. */
export function firstAndMore(reasons: readonly string[]): string {
  const [first = '', ...rest] = reasons;
  return rest.length === 0 ? first : `${first} (and ${rest.length} more)`;
}

/** Rollout states that stop a release in a ring until people act. */
export const BAD_OUTCOMES: readonly RolloutState[] = ['halted', 'failed', 'cancelled', 'rolled-back'];

export function isBadOutcome(state: RolloutState | null): boolean {
  return state !== null && BAD_OUTCOMES.includes(state);
}

const OUTCOME_WORDS: Record<RolloutState, string> = {
  deploying: 'is deploying',
  succeeded: 'succeeded',
  halted: 'was halted',
  failed: 'failed',
  cancelled: 'was cancelled',
  'rolled-back': 'was rolled back',
};

/** `the rollout in internal was halted with 2 failed deployments`. */
export function describeOutcome(progress: RingProgress): string {
  const state = progress.state;
  if (state === null) return `the release has not entered ${progress.ring}`;
  return `the rollout in ${progress.ring} ${OUTCOME_WORDS[state]} with ${plural(progress.failures, 'failed deployment')}`;
}

/** The first line of an error's message, for a reason built around a library's error. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
