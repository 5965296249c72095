import type { FastifyReply, FastifyRequest } from 'fastify';

/** SSE keeps proxies and browsers from timing an idle stream out with a comment line this often. */
const KEEP_ALIVE_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2000;

/** One server-sent event; without `event` it is an unnamed message, which `onmessage` receives. */
export interface StreamFrame {
  id?: number;
  event?: string;
  data: unknown;
}

export interface EventStream {
  send(frames: StreamFrame[]): void;
  /** Ends the response; the stop handlers run. */
  end(): void;
  /** Runs once when the stream stops: the client went away or `end()` was called. */
  onStop(fn: () => void): void;
  readonly stopped: boolean;
}

/**
 * Turns a reply into a text/event-stream the route writes to as it likes, with
 * the reconnect delay and keep-alive comments every stream needs. Call it only
 * once the request is checked: errors after this cannot use the error shape.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  raw.write(`retry: ${RETRY_MS}\n\n`);
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const handlers: (() => void)[] = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(keepAlive);
    for (const fn of handlers) fn();
  };
  request.raw.once('close', stop);
  return {
    send(frames) {
      if (stopped || frames.length === 0) return;
      raw.write(frames.map(formatFrame).join(''));
    },
    end() {
      stop();
      raw.end();
    },
    onStop(fn) {
      handlers.push(fn);
    },
    get stopped() {
      return stopped;
    },
  };
}

function formatFrame(frame: StreamFrame): string {
  return `${frame.id === undefined ? '' : `id: ${frame.id}\n`}${frame.event === undefined ? '' : `event: ${frame.event}\n`}data: ${JSON.stringify(frame.data)}\n\n`;
}

/** A reconnecting browser's Last-Event-ID, when it is a whole number from 0 to `max`. */
export function lastEventId(request: FastifyRequest, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const header = request.headers['last-event-id'];
  if (header === undefined) return undefined;
  const id = Number(header);
  return Number.isSafeInteger(id) && id >= 0 && id <= max ? id : undefined;
}
