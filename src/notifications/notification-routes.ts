import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import { DeliveryBody, DeliveryListBody, DeliveryParams, DeliveryQuery, NotifierQuery, NotifierStatusBody } from './notification-schemas.ts';
import type { NotificationService } from './notification-service.ts';

export function registerNotificationRoutes(app: HttpServer, notifications: NotificationService): void {
  app.get('/api/notifiers', {
    config: { access: 'products:read' },
    schema: {
      tags: ['notifications'],
      summary: "Whether email is on (and if not, why), and every product's notifiers: where they send, what, whether they are switched off, their deliveries",
      querystring: NotifierQuery,
      response: { 200: NotifierStatusBody, ...ERROR_RESPONSES },
    },
  }, async (request) => notifications.status(principalOf(request), request.query.product));

  app.get('/api/deliveries', {
    config: { access: 'products:read' },
    schema: {
      tags: ['notifications'],
      summary: 'Deliveries of events to notifiers, newest first: pending (with their next attempt), delivered, or failed after the last attempt',
      querystring: DeliveryQuery,
      response: { 200: DeliveryListBody, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { product, state, notifier, limit } = request.query;
    return { deliveries: await notifications.deliveries(principalOf(request), { product, state, notifier, limit: limit ?? 50 }) };
  });

  app.post('/api/deliveries/:id/retry', {
    config: { access: 'products:apply' },
    schema: {
      tags: ['notifications'],
      summary: 'Try a failed (or waiting) delivery again from now, with a fresh round of attempts',
      params: DeliveryParams,
      response: { 200: DeliveryBody, ...ERROR_RESPONSES },
    },
  }, async (request) => notifications.retry(principalOf(request), request.params.id));
}
