/**
 * How the CLI waits on the server: poll every second (RINGMASTER_POLL_MS
 * overrides it, so tests run fast) until a condition holds or a time limit passes.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../../products/product-file/durations.ts';
import type { CliIo } from '../cli-io.ts';

const DEFAULT_POLL_MS = 1000;

export function pollInterval(env: CliIo['env']): number {
  const text = env['RINGMASTER_POLL_MS'];
  const ms = Number(text);
  return text !== undefined && /^\d+$/.test(text.trim()) && ms > 0 ? ms : DEFAULT_POLL_MS;
}

/** `10m`: how a time limit reads in messages. */
export function limitText(seconds: number): string {
  return formatDuration(seconds);
}

/**
 * Calls `step` until it answers a value (not undefined), pausing between calls;
 * answers undefined once `timeoutSeconds` have passed without one.
 */
export async function pollUntil<T>(io: CliIo, timeoutSeconds: number, step: () => Promise<T | undefined>): Promise<T | undefined> {
  const interval = pollInterval(io.env);
  const deadline = performance.now() + timeoutSeconds * 1000;
  for (;;) {
    const value = await step();
    if (value !== undefined) return value;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(interval, left));
  }
}
