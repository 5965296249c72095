/** Sequential timings: a warm-up, then `count` runs one after another; median, p95 and max. */
export interface Latency {
  median: number;
  p95: number;
  max: number;
  count: number;
}

export async function sampleLatency(count: number, warmUp: number, run: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmUp; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return summarise(ms);
}

export function summarise(ms: readonly number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { median, p95: at(0.95), max: sorted[sorted.length - 1]!, count: sorted.length };
}

export function describeLatency(l: Latency): string {
  const f = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
  return `median ${f(l.median)} ms, p95 ${f(l.p95)} ms, max ${f(l.max)} ms (n=${l.count})`;
}
