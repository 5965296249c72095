export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
/** pending: to be sent (again) at next_attempt_at; failed: gave up after the last attempt, kept to be seen and retried by hand. */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One event to one notifier: written once (unique), sent on leases with back-off. */
export interface DeliveriesTable {
  id: string;
  product_id: string;
  notifier: string;
  event_id: number;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface NotificationTables {
  deliveries: DeliveriesTable;
}
