/** Attempts of one delivery before it is given up as failed (about an hour of trying). */
export const MAX_ATTEMPTS = 8;

const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** Retries of many deliveries to one dead receiver spread over this share of their delay. */
const JITTER = 0.1;

/**
 * How long after failed attempt `attempt` (1-based) the next one waits:
 * 30 s, 1 min, 2 min, … doubling, at most an hour, plus up to 10% more
 * chosen by `seed` (the delivery id; none without one), so the same delivery always waits the
 * same and many deliveries do not all come back at once.
 */
export function retryDelayMs(attempt: number, seed = ''): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, Math.min(attempt, 30) - 1));
  return seed === '' ? base : base + Math.floor(base * JITTER * spread(seed));
}

/** What happens after a failed attempt: try again at a time, or give up. */
export type AfterFailure = { retry: true; delayMs: number } | { retry: false };

export function afterFailure(attempts: number, seed = ''): AfterFailure {
  return attempts >= MAX_ATTEMPTS ? { retry: false } : { retry: true, delayMs: retryDelayMs(attempts, seed) };
}

/** A number in [0, 1) fixed by the seed (FNV-1a). */
function spread(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}
