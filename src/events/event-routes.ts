import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Database } from '../app/database-schema.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { listEvents } from './event-store.ts';

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
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as after= for the next page; null when this page was not full' }),
});

export const EventQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'answer events with a greater id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    type: Type.Optional(Type.String({ maxLength: 100, description: "an exact type, or a prefix ending in '.' such as 'token.'" })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function registerEventRoutes(app: HttpServer, db: Kysely<Database>): void {
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
    const events = await listEvents(db, { after: request.query.after ?? 0, limit, type: request.query.type, subject: request.query.subject });
    return { events, next: events.length === limit ? events[events.length - 1]!.id : null };
  });
}
