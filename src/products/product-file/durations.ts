/**
 * Durations in product files: `90s`, `10m`, `1h30m`, `2d`, units in the order d, h, m, s.
 */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds, or null when the text is not a duration (or too large to count exactly). */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (match === null || text === '') return null;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  const seconds = Number(d) * 86_400 + Number(h) * 3_600 + Number(m) * 60 + Number(s);
  return Number.isSafeInteger(seconds) ? seconds : null;
}

/** The shortest duration text for a number of seconds: 5400 → `1h30m`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
