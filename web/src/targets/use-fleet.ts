import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, type FleetRow } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import type { TargetSearch } from './target-search.ts';

/** Targets per request: a screenful many times over, and small enough to answer fast. */
export const FLEET_PAGE_SIZE = 200;

/**
 * The filtered fleet, fetched page by page as the list scrolls: the server
 * filters and counts, so 12,000 targets cost no more than the rows seen.
 * The key lives under ['product', name], so live events refresh the pages held.
 */
export function useFleet(product: string, search: TargetSearch) {
  const query = useInfiniteQuery({
    queryKey: keys.fleet(product, search),
    queryFn: ({ pageParam }) => api.fleet(product, { ...search, limit: FLEET_PAGE_SIZE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, page) => n + page.targets.length, 0);
      return last.targets.length > 0 && loaded < last.total ? loaded : undefined;
    },
    // A new filter keeps the rows in view until its first page arrives, instead of flashing a loader.
    placeholderData: keepPreviousData,
  });
  const rows = useMemo<FleetRow[]>(() => query.data?.pages.flatMap((page) => page.targets) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  return { query, rows, total };
}
