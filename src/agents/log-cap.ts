/**
 * A pull deployment's log is capped like a push one's (about a megabyte): an
 * agent, confused or hostile, cannot fill the database. Chunks are kept while
 * they fit; the first that does not is replaced by one line saying the rest
 * was dropped, and nothing is kept after it. Pure.
 */
export const MAX_PULL_LOG_CHARS = 1024 * 1024;
export const LOG_CUT_LINE = '[ringmaster] the log passed 1 MiB: the rest of it is not kept\n';

export function capLog(chunks: readonly { seq: number; text: string }[], kept: { chars: number; cut: boolean }): { seq: number; text: string }[] {
  const out: { seq: number; text: string }[] = [];
  let chars = kept.chars;
  let cut = kept.cut;
  for (const chunk of chunks) {
    if (cut) break;
    if (chars + chunk.text.length <= MAX_PULL_LOG_CHARS) {
      out.push(chunk);
      chars += chunk.text.length;
    } else {
      out.push({ seq: chunk.seq, text: LOG_CUT_LINE });
      cut = true;
    }
  }
  return out;
}
