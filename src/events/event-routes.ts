import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Database } from '../app/database-schema.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { InputError } from '../platform/errors/errors.ts';
import { lastEventId, openEventStream } from '../platform/http/event-stream.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import type { EventFeed } from './event-feed.ts';
import { latestEventId, listEvents } from './event-store.ts';
import type { EventRecord } from './event-types.ts';

export const EventBody = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  type: Type.String(),
  subject: Type.String(),
  summary: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const EventPageBody = Type.Object({
  events: Type.Array(EventBody),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as after= (or before=, when paging newest first) for the next page; null when this page was not full' }),
});

export const EventQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'answer events with a greater id, oldest first' })),
    order: Type.Optional(Type.Union([Type.Literal('oldest'), Type.Literal('newest')], { description: 'oldest first (the default, paged with after=) or newest first (paged with before=)' })),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'with order=newest: answer events with a smaller id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    type: Type.Optional(Type.String({ maxLength: 100, description: "an exact type, or a prefix ending in '.' such as 'token.'" })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const EventStreamQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'start after this event id (a Last-Event-ID header wins); without either, from now on' })),
    type: Type.Optional(Type.String({ maxLength: 100, description: "an exact type, or a prefix ending in '.'" })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function registerEventRoutes(app: HttpServer, db: Kysely<Database>, feed: EventFeed): void {
  app.get('/api/events', {
    config: { access: 'events:read' },
    schema: {
      tags: ['events'],
      summary: 'Page through the event log in id order',
      querystring: EventQuery,
      response: {
        200: EventPageBody,
        ...ERROR_RESPONSES,
      },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 100;
    const { after, before, order = 'oldest' } = request.query;
    if (order === 'newest' && after !== undefined) throw new InputError('newest first pages with before=, not after=', [{ field: 'after' }]);
    if (order === 'oldest' && before !== undefined) throw new InputError('before= pages newest first: add order=newest', [{ field: 'before' }]);
    const newest = order === 'newest' ? (before ?? Infinity) : undefined;
    const events = await listEvents(db, { after: after ?? 0, before: newest, limit, type: request.query.type, subject: request.query.subject });
    return { events, next: events.length === limit ? events[events.length - 1]!.id : null };
  });

  app.get('/api/events/stream', {
    config: { access: 'events:read' },
    schema: {
      tags: ['events'],
      summary: 'The event log live, as server-sent events: every event after `after` (or Last-Event-ID; without either, from now on), then each new one within a second',
      querystring: EventStreamQuery,
      response: { 200: Type.String({ description: 'text/event-stream: `id` and `data` (the event as JSON, its type inside) per event, as unnamed messages so one listener gets them all' }), ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    // A fresh subscriber wants what happens next, not the whole history.
    const after = lastEventId(request) ?? request.query.after ?? (await latestEventId(db));
    const wanted = (event: EventRecord) => matchesType(event.type, request.query.type) && (request.query.subject === undefined || event.subject === request.query.subject);
    const stream = openEventStream(request, reply);
    const unsubscribe = feed.subscribe(after, (events) => stream.send(events.filter(wanted).map((e) => ({ id: e.id, data: e }))));
    const forget = feed.onClose(() => stream.end());
    stream.onStop(() => {
      unsubscribe();
      forget();
    });
  });
}

/** The same rule as listEvents: `release.` is a prefix, `release.created` an exact type. */
function matchesType(type: string, wanted: string | undefined): boolean {
  if (wanted === undefined || wanted === '') return true;
  return wanted.endsWith('.') ? type.startsWith(wanted) : type === wanted;
}
