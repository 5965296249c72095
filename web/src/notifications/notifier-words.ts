/**
 * Notifiers and their deliveries in words, for the notifications page. Pure
 * and free of value imports, so its unit test runs in Node as is.
 */

export interface DeliveryCounts {
  pending: number;
  delivered: number;
  failed: number;
}

/** "12 delivered · 1 pending · 2 failed"; "nothing sent yet" when there were none. */
export function describeDeliveries(counts: DeliveryCounts): string {
  const parts = [
    ...(counts.delivered > 0 ? [`${counts.delivered} delivered`] : []),
    ...(counts.pending > 0 ? [`${counts.pending} pending`] : []),
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
  ];
  return parts.length === 0 ? 'nothing sent yet' : parts.join(' · ');
}

/** The badge of a notifier: on, off (with why), or on but failing. */
export function notifierState(notifier: { enabled: boolean; deliveries: DeliveryCounts }): { state: string; label: string } {
  if (!notifier.enabled) return { state: 'cancelled', label: 'disabled' };
  if (notifier.deliveries.failed > 0) return { state: 'halted', label: 'enabled · failures' };
  return { state: 'ok', label: 'enabled' };
}

/** "all announcements", or the events named, shortest first to read. */
export function describeEvents(events: readonly string[], announcements: readonly string[]): string {
  if (events.length === 0) return 'nothing';
  if (events.includes('*')) return 'every event';
  const sameAsDefault = events.length === announcements.length && announcements.every((e) => events.includes(e));
  return sameAsDefault ? `the announcements (${events.join(', ')})` : events.join(', ');
}
