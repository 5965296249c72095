import type { Logger } from 'pino';

export interface Repeating {
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs` (default a second) until stopped; a pass never
 * overlaps the last, and a failed one is logged and tried again next time.
 */
export function everySecond(what: string, pass: () => Promise<unknown>, logger: Logger, everyMs = 1000): Repeating {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = pass()
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error }, `${what} failed; it tries again in a second`))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
