import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Database } from '../app/database-schema.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { systemClock } from '../platform/clock.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { lastEventId, openEventStream } from '../platform/http/event-stream.ts';
import { ERROR_RESPONSES, MAX_OFFSET } from '../platform/http/schema-helpers.ts';
import { DeploymentParams } from './deployment-schemas.ts';
import { createDeploymentService } from './deployment-service.ts';
import { findDeploymentRow, readLog } from './deployment-store.ts';
import type { DeploymentState, LogChunk } from './deployment-types.ts';

export const LogStreamQuery = Type.Object(
  { after: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, description: 'start after this chunk sequence number (a Last-Event-ID header wins); default 0, the whole log' })) },
  { additionalProperties: false },
);

/**
 * Logs are written by whichever server runs the deployment, so each open stream
 * reads new chunks from the database this often.
 */
const POLL_MS = 500;
const PAGE = 1000;
/** States after which no more log comes from this attempt: a skipped deployment's agent starts it later, as a new stream. */
const FINISHED: ReadonlySet<DeploymentState> = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

/**
 * GET /api/deployments/:id/log/stream: a deployment's log live, as server-sent
 * events, so a page follows it without polling the API. It ends with an `end`
 * event once the deployment has finished and every chunk was sent.
 */
export function registerDeploymentLogStream(app: HttpServer, db: Kysely<Database>): void {
  // The log and its access check read no time: the system clock is never consulted here.
  const deployments = createDeploymentService(db, systemClock);
  const open = new Set<() => void>();
  // Before Fastify waits for in-flight requests: an open stream would keep the server from stopping.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get('/api/deployments/:id/log/stream', {
    config: { access: 'products:read' },
    schema: {
      tags: ['deployments'],
      summary: "A deployment's log live, as server-sent events: the chunks after `after` (or Last-Event-ID), then each new one within a second, then `end` once it finished",
      params: DeploymentParams,
      querystring: LogStreamQuery,
      response: {
        200: Type.String({ description: 'text/event-stream: `id` (the chunk seq) and `data` ({seq, at, text}) per chunk as unnamed messages, then `event: end` with `data: {"state"}`' }),
        ...ERROR_RESPONSES,
      },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    let cursor = lastEventId(request, MAX_OFFSET) ?? request.query.after ?? 0;
    // The log route's own check (permission, product visibility, 404): refused here, before any streaming.
    const first = await deployments.log(principalOf(request), id, cursor, PAGE);

    const stream = openEventStream(request, reply);
    const end = () => stream.end();
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    open.add(end);
    stream.onStop(() => {
      open.delete(end);
      if (timer) clearTimeout(timer);
      wake?.();
    });

    const send = (chunks: LogChunk[]) => {
      if (chunks.length === 0) return;
      stream.send(chunks.map((c) => ({ id: c.seq, data: { seq: c.seq, at: c.at, text: c.text } })));
      cursor = chunks[chunks.length - 1]!.seq;
    };

    // The state is read before the chunks: the runner writes its last chunk before it
    // records the end, so a finished state followed by a short page means the whole log was sent.
    const follow = async () => {
      let state = first.state;
      let chunks = first.chunks;
      let readOk = true;
      while (!stream.stopped) {
        send(chunks);
        const more = readOk && chunks.length === PAGE;
        if (readOk && !more && FINISHED.has(state)) {
          stream.send([{ event: 'end', data: { state } }]);
          end();
          return;
        }
        if (!more) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, POLL_MS);
          });
        }
        if (stream.stopped) return;
        try {
          const row = more ? undefined : await findDeploymentRow(db, id);
          if (!more && !row) return end(); // gone with its product: nothing more will come
          chunks = await readLog(db, id, cursor, PAGE);
          if (row) state = row.state as DeploymentState;
          readOk = true;
        } catch (error) {
          // A database hiccup: try again next round rather than dropping the reader.
          request.log.warn({ err: error, deployment: id }, 'the deployment log stream could not read the log; it tries again');
          chunks = [];
          readOk = false;
        }
      }
    };
    void follow();
  });
}
