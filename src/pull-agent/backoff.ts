/**
 * How long the agent waits before trying the server again after a run of
 * failures: exponential from one second, capped, with full jitter (a random
 * point between zero and the cap), so thousands of agents cut off by one
 * outage do not all call back in the same second when it ends.
 */

export interface BackoffPolicy {
  /** The cap of the first retry, in seconds. */
  baseSeconds: number;
  /** No wait is ever longer than this, however long the outage. */
  maxSeconds: number;
}

/** The cap before jitter after `failures` failures in a row (1 → base, 2 → 2 × base, …, never above max). */
export function backoffCeiling(failures: number, policy: BackoffPolicy): number {
  if (!(failures >= 1)) return 0;
  // 2 ** 1100 is Infinity, which Math.min turns into the cap: no overflow to guard.
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - 1));
}

/**
 * Seconds to wait before the next try. `random` is in [0, 1) like Math.random;
 * tests pass their own to pin the jitter.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return r * backoffCeiling(failures, policy);
}
