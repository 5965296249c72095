import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { DELIVERY_STATES } from './notification-types.ts';

const PRODUCT_NAME = Type.String({ pattern: '^[a-z][a-z0-9._-]{0,62}$', description: 'a product name' });

export const EmailStatusBody = Type.Object({
  enabled: Type.Boolean(),
  reason: Nullable(Type.String({ description: 'why email is off, naming the RINGMASTER_SMTP_* settings to add; null when it is on' })),
  server: Nullable(Type.String({ description: 'host:port of the mail server and how it is secured, when email is on' })),
});

export const DeliveryCountsBody = Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() });

export const NotifierBody = Type.Object({
  product: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('webhook'), Type.Literal('email')]),
  destination: Type.String({ description: "a webhook's scheme and host (its path may be its key), or the email addresses" }),
  events: Type.Array(Type.String(), { description: 'event types or prefixes like rollout.* it is sent' }),
  enabled: Type.Boolean(),
  reason: Nullable(Type.String({ description: 'why it is switched off' })),
  deliveries: DeliveryCountsBody,
  lastError: Nullable(Type.String({ description: 'the error of its newest delivery not yet delivered' })),
});

export const NotifierStatusBody = Type.Object({ email: EmailStatusBody, notifiers: Type.Array(NotifierBody) });

export const NotifierQuery = Type.Object({ product: Type.Optional(PRODUCT_NAME) }, { additionalProperties: false });

export const DeliveryBody = Type.Object({
  id: Type.String(),
  product: Type.String(),
  notifier: Type.String(),
  state: Type.Enum(DELIVERY_STATES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String({ description: 'when a pending delivery is tried next' })),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
  event: Nullable(
    Type.Object({ id: Type.Integer(), type: Type.String(), subject: Type.String(), summary: Type.String(), at: Type.String() }, { description: 'null once the event has left the log' }),
  ),
});

export const DeliveryQuery = Type.Object(
  {
    product: Type.Optional(PRODUCT_NAME),
    state: Type.Optional(Type.Enum(DELIVERY_STATES)),
    notifier: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const DeliveryListBody = Type.Object({ deliveries: Type.Array(DeliveryBody) });

export const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
