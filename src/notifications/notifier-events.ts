import type { EventRecord } from '../events/event-types.ts';
import { ANNOUNCEMENT_EVENTS, type NotifierSpec } from '../products/product-spec.ts';

/** What a notifier is sent: the types it names, or the announcements when it names none. */
export function notifierEvents(notifier: NotifierSpec): string[] {
  return notifier.events.length > 0 ? notifier.events : [...ANNOUNCEMENT_EVENTS];
}

/** `vote.decided` matches itself, `rollout.*` every `rollout.` type, `*` everything. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === type || p === '*' || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

const PRODUCT_SUBJECTS = /^(?:release|build|product|target|train|ring|notifier)\/([^/]+)/;

/** The product an event is about: `data.product`, else the product its subject names; null for events of no product (users, tokens). */
export function eventProduct(event: Pick<EventRecord, 'subject' | 'data'>): string | null {
  if (typeof event.data.product === 'string' && event.data.product !== '') return event.data.product;
  return PRODUCT_SUBJECTS.exec(event.subject)?.[1] ?? null;
}

/**
 * The notifiers of the event's product that are sent `event`. Email
 * notifiers while email is off are left out (switched off, not failing).
 * A notifier is never sent news of its own deliveries, so one that fails
 * cannot feed itself a failure notice for ever.
 */
export function recipients(event: Pick<EventRecord, 'type' | 'data'>, notifiers: readonly NotifierSpec[], options: { emailEnabled: boolean }): NotifierSpec[] {
  return notifiers.filter((n) => {
    if (n.kind === 'email' && !options.emailEnabled) return false;
    if (event.type.startsWith('notification.') && event.data.notifier === n.name) return false;
    return matchesEventType(notifierEvents(n), event.type);
  });
}

/** `https://hooks.example.com/…`: enough to tell receivers apart, without a path or query that may be the key (chat webhooks). */
export function webhookHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' && u.search === '' ? '' : '/…'}`;
  } catch {
    return '(not a URL)';
  }
}
