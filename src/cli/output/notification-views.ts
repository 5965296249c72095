/** The human views of notifiers and their deliveries. */
import type { Delivery, NotifierStatus } from '../../client/api-types.ts';
import { ANNOUNCEMENT_EVENTS } from '../../products/product-spec.ts';
import { formatTable } from './table.ts';
import { shortTime } from './views.ts';

const NONE = '-';

/** The email line first (on through which server, or off and why), then one row per notifier. */
export function notifiersView(status: NotifierStatus): string {
  const email = status.email.enabled
    ? `email: on, through ${status.email.server ?? 'the configured server'}\n`
    : `${status.email.reason ?? 'email is off'} (email notifiers are switched off; webhooks are not)\n`;
  if (status.notifiers.length === 0) return `${email}no notifiers: add \`notify:\` to a product file\n`;
  const table = formatTable(
    ['product', 'name', 'kind', 'destination', 'events', 'status', { header: 'pending', align: 'right' }, { header: 'delivered', align: 'right' }, { header: 'failed', align: 'right' }, 'last error'],
    status.notifiers.map((n) => [
      n.product,
      n.name,
      n.kind,
      n.destination,
      describeEvents(n.events),
      n.enabled ? 'on' : 'off',
      String(n.deliveries.pending),
      String(n.deliveries.delivered),
      String(n.deliveries.failed),
      n.lastError ?? NONE,
    ]),
  );
  return email + table;
}

/** The default set reads as `announcements`; anything else is listed. */
function describeEvents(events: readonly string[]): string {
  const isDefault = events.length === ANNOUNCEMENT_EVENTS.length && ANNOUNCEMENT_EVENTS.every((e) => events.includes(e));
  return isDefault ? 'announcements' : events.join(', ');
}

export function deliveriesTable(deliveries: readonly Delivery[]): string {
  return formatTable(
    ['id', 'product', 'notifier', 'event', 'state', { header: 'attempts', align: 'right' }, 'next attempt', 'delivered', 'last error'],
    deliveries.map((d) => [
      d.id,
      d.product,
      d.notifier,
      d.event ? `${d.event.type} #${d.event.id}` : NONE,
      d.state,
      String(d.attempts),
      shortTime(d.nextAttemptAt),
      shortTime(d.deliveredAt),
      d.lastError ?? NONE,
    ]),
  );
}
