import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { api, type FleetRow } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import type { TargetSearch } from './target-search.ts';

/** Targets per request: a screenful many times over, and small enough to answer fast. */
export const FLEET_PAGE_SIZE = 200;

/** How often the pages in view are read again for their agents' last contact. */
const AGENT_REFRESH_MS = 30_000;

/** The pages of the list in view, first and last (by page number). */
export interface PageWindow {
  first: number;
  last: number;
}

export function pageWindow(firstRow: number, lastRow: number): PageWindow {
  const first = Math.floor(Math.max(0, firstRow) / FLEET_PAGE_SIZE);
  return { first, last: Math.max(first, Math.floor(Math.max(0, lastRow) / FLEET_PAGE_SIZE)) };
}

/**
 * The filtered fleet, one query per page of 200, and only the pages in view
 * are asked for: the server filters and counts, so 12,000 targets cost no
 * more than the rows seen. Each page's key lives under ['product', name], and
 * only pages in view are active, so a live event refetches those alone (plus
 * the first page, which carries the total) however far the list was scrolled.
 */
export function useFleet(product: string, search: TargetSearch, inView: PageWindow) {
  const pages = [0];
  for (let page = inView.first; page <= inView.last; page++) if (page !== 0) pages.push(page);
  const results = useQueries({
    queries: pages.map((page) => {
      const filter = { ...search, limit: FLEET_PAGE_SIZE, offset: page * FLEET_PAGE_SIZE };
      return {
        queryKey: keys.fleet(product, filter),
        queryFn: () => api.fleet(product, filter),
        // A new filter keeps the rows in view until its first page arrives, instead of flashing a loader.
        placeholderData: page === 0 ? keepPreviousData : undefined,
        // Agents calling in make no events: reachability and last contact age with time, so the pages in view are read again now and then.
        refetchInterval: AGENT_REFRESH_MS,
      };
    }),
  });
  const head = results[0]!;
  const byPage = new Map(pages.map((page, i) => [page, results[i]?.data?.targets]));
  return {
    head,
    total: head.data?.total ?? 0,
    /** The target at a row, or undefined while its page loads. */
    rowAt: (index: number): FleetRow | undefined => byPage.get(Math.floor(index / FLEET_PAGE_SIZE))?.[index % FLEET_PAGE_SIZE],
    error: results.find((r) => r.isError)?.error ?? null,
  };
}
