import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';

/** A product's rings as configured, without its targets (a product may have thousands). */
export function useRings(product: string) {
  return useQuery({ queryKey: keys.rings(product), queryFn: () => api.listRings(product) });
}

/** Targets and users per ring: the overview's ring totals, counted by the database. */
export function useRingReach(product: string) {
  return useQuery({ queryKey: keys.ringReach(product), queryFn: async () => (await api.overview(product, { limit: 1 })).rings });
}
