import type { DeploymentFilter, FleetFilter } from './api.ts';

/**
 * Query keys in one place. Everything about a product starts with
 * ['product', name], so an event about that product refreshes just its views.
 */
export const keys = {
  me: ['me'] as const,
  products: ['products'] as const,
  product: (product: string) => ['product', product] as const,
  rings: (product: string) => ['product', product, 'rings'] as const,
  ringReach: (product: string) => ['product', product, 'ring-reach'] as const,
  overview: (product: string, before?: string) => ['product', product, 'overview', before ?? null] as const,
  fleet: (product: string, filter: FleetFilter) => ['product', product, 'fleet', filter] as const,
  release: (product: string, version: string) => ['product', product, 'release', version] as const,
  releaseEvents: (product: string, version: string) => ['product', product, 'release', version, 'events'] as const,
  deployments: (product: string, version: string, filter: DeploymentFilter) => ['product', product, 'release', version, 'deployments', filter] as const,
  checklists: (product: string, version: string) => ['product', product, 'release', version, 'checklists'] as const,
  votes: (product: string, version: string) => ['product', product, 'release', version, 'votes'] as const,
  notes: (product: string, version: string) => ['product', product, 'release', version, 'notes'] as const,
  runbook: (product: string, version: string) => ['product', product, 'release', version, 'runbook'] as const,
  train: (product: string) => ['product', product, 'train'] as const,
  notifiers: (product: string) => ['product', product, 'notifiers'] as const,
  failedDeliveries: (product: string) => ['product', product, 'deliveries', 'failed'] as const,
  /** Who holds which role: read from the whole product, so kept apart from the keys every release event refreshes. */
  deployment: (id: string) => ['deployment', id] as const,
};
