/**
 * The log on its way to the server. Text is numbered (seq) only when it is
 * about to be sent, and a numbered chunk is resent with the same seq until the
 * server acknowledges it, so nothing is lost or added twice across an outage.
 * While a chunk waits for its acknowledgement new text is not numbered: an
 * outage makes the pending text grow, not the number of chunks.
 */
import type { LogReport } from '../agents/agent-types.ts';
import type { Journal } from './journal.ts';

/** Far under the server's cap of one report's text (256 KiB), counted in UTF-16 units like the server. */
export const LOG_CHUNK_CHARS = 64 * 1024;
/** The server takes at most this many chunks in one report. */
export const LOG_CHUNKS_PER_REPORT = 100;

export type LogState = Pick<Journal, 'nextLogSeq' | 'unsentLog' | 'pendingLog'>;

/**
 * The chunks to send now. Numbers the pending text first when nothing is
 * waiting for an acknowledgement, or always with `all` (the finish report
 * carries everything). Changes `state` in place.
 */
export function takeLog(state: LogState, options: { all?: boolean } = {}): LogReport[] {
  if (state.pendingLog !== '' && (state.unsentLog.length === 0 || options.all === true)) {
    for (const text of splitText(state.pendingLog, LOG_CHUNK_CHARS)) state.unsentLog.push({ seq: state.nextLogSeq++, text });
    state.pendingLog = '';
  }
  return state.unsentLog.slice(0, LOG_CHUNKS_PER_REPORT);
}

/** The server took these: they are not sent again. */
export function acknowledgeLog(state: LogState, sent: readonly LogReport[]): void {
  const seqs = new Set(sent.map((chunk) => chunk.seq));
  state.unsentLog = state.unsentLog.filter((chunk) => !seqs.has(chunk.seq));
}

/** Pieces of at most `size` UTF-16 units, never splitting a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff && end - 1 > at) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
