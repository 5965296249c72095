/**
 * Collects a command's output for the deployment log: secret values are
 * replaced with `***`, even when a command prints one across two chunks, and
 * the log stops growing at a size cap.
 *
 * Redaction marks every character that belongs to an occurrence of any secret
 * (overlapping ones included) and replaces each run of marked characters with
 * one `***`. To catch a secret split across writes, the sink holds back the end
 * of the text when it could be the start of a secret, until more text comes or
 * flush() is called. flush() releases everything, so a secret split across a
 * flush is not caught: flush on a timer or at the end of a step, not after
 * every write.
 */

export interface LogSink {
  write(text: string): void;
  /** The text collected since the last flush, redacted. */
  flush(): string;
  /** Some text was dropped because the log reached its size cap. */
  readonly truncated: boolean;
}

export const REDACTED = '***';

export function createLogSink(options: { secrets: readonly string[]; maxBytes: number }): LogSink {
  const secrets = [...new Set(options.secrets.filter((secret) => secret !== ''))];
  const { maxBytes } = options;
  let state: RedactState = { tail: '', coveredUntil: 0, inSecret: false };
  let collected: string[] = [];
  let bytes = 0;
  let endsWithNewline = true;
  let truncated = false;

  function append(text: string): void {
    if (truncated || text === '') return;
    const size = Buffer.byteLength(text);
    const kept = bytes + size <= maxBytes ? text : prefixWithin(text, maxBytes - bytes);
    if (kept !== '') {
      collected.push(kept);
      bytes += kept === text ? size : Buffer.byteLength(kept);
      endsWithNewline = kept.endsWith('\n');
    }
    if (kept !== text) {
      truncated = true;
      collected.push(`${endsWithNewline ? '' : '\n'}[log truncated: more than ${maxBytes} bytes]\n`);
    }
  }

  return {
    write(text) {
      if (truncated) return;
      const step = redactStep(state, text, secrets, false);
      state = step.state;
      append(step.text);
    },
    flush() {
      if (!truncated) append(redactStep(state, '', secrets, true).text);
      // Each flush is a boundary: nothing held back or continued across it.
      state = { tail: '', coveredUntil: 0, inSecret: false };
      const text = collected.join('');
      collected = [];
      return text;
    },
    get truncated() {
      return truncated;
    },
  };
}

/** Every occurrence of every non-empty secret in `text` replaced, all at once. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const nonEmpty = [...new Set(secrets.filter((secret) => secret !== ''))];
  return redactStep({ tail: '', coveredUntil: 0, inSecret: false }, text, nonEmpty, true).text;
}

interface RedactState {
  /** Raw text not yet released: it may be the start of a secret. */
  tail: string;
  /** How many characters at the start of `tail` belong to a secret that began in released text. */
  coveredUntil: number;
  /** The last released character was redacted, so a run continuing into `tail` needs no second `***`. */
  inSecret: boolean;
}

function redactStep(state: RedactState, text: string, secrets: readonly string[], final: boolean): { text: string; state: RedactState } {
  const buffer = state.tail + text;
  // Every occurrence starting before `cut` lies wholly inside `buffer`: one that
  // did not would make a longer held-back suffix.
  const cut = final ? buffer.length : buffer.length - Math.max(longestPartialSecret(buffer, secrets), endsInHalfCharacter(buffer) ? 1 : 0);
  const runs = coveredRuns(buffer, cut, secrets, state.coveredUntil);
  let released = '';
  let at = 0;
  let lastEnd = 0;
  for (const [start, end] of runs) {
    lastEnd = Math.max(lastEnd, end);
    if (start >= cut) continue;
    released += buffer.slice(at, start);
    if (!(start === 0 && state.inSecret)) released += REDACTED;
    at = Math.min(end, cut);
  }
  released += buffer.slice(at, cut);
  const inSecret = cut === 0 ? state.inSecret : runs.some(([start, end]) => start < cut && end >= cut);
  return { text: released, state: { tail: buffer.slice(cut), coveredUntil: Math.max(0, lastEnd - cut), inSecret } };
}

/** Merged [start, end) spans of characters inside a secret, for occurrences starting before `cut`. */
function coveredRuns(buffer: string, cut: number, secrets: readonly string[], coveredUntil: number): [number, number][] {
  const spans: [number, number][] = coveredUntil > 0 ? [[0, coveredUntil]] : [];
  for (const secret of secrets) {
    for (let i = buffer.indexOf(secret); i !== -1 && i < cut; i = buffer.indexOf(secret, i + 1)) spans.push([i, i + secret.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    // Touching spans merge too: adjacent secrets read as one `***`.
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Length of the longest end of `buffer` that is the beginning of a secret but not all of it. */
function longestPartialSecret(buffer: string, secrets: readonly string[]): number {
  let longest = 0;
  for (const secret of secrets) {
    for (let length = Math.min(secret.length - 1, buffer.length); length > longest; length--) {
      if (buffer.endsWith(secret.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/** A high surrogate waiting for its pair: releasing it alone would garble the character (and its byte count). */
function endsInHalfCharacter(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

/** The longest start of `text` whose UTF-8 encoding fits in `budget` bytes, never splitting a character. */
function prefixWithin(text: string, budget: number): string {
  let used = 0;
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used + size > budget) break;
    used += size;
    length += char.length;
  }
  return text.slice(0, length);
}
