import { Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { ErrorAlert } from '../shared/error-alert.tsx';
import { plural } from '../shared/format.ts';
import { TargetFilters } from './target-filters.tsx';
import { hasFilters, patchSearch, type TargetSearch } from './target-search.ts';
import { NoMatchingTargets, NoTargets } from './targets-empty.tsx';
import { TargetsTable } from './targets-table.tsx';
import { pageWindow, type PageWindow, useFleet } from './use-fleet.ts';

const ROUTE = '/app/products/$product/targets';

/** Every target of a product with what it runs, filtered on the server and listed as it scrolls. */
export function TargetsPage() {
  const { product } = useParams({ from: ROUTE });
  const search = useSearch({ from: ROUTE });
  const navigate = useNavigate({ from: '/products/$product/targets' });
  // Functional, so a debounced search and a ring picked meanwhile do not undo each other. Without
  // resetScroll: false the router would carry the list's scroll position over to the new filter's list.
  const update = useCallback(
    (patch: Partial<TargetSearch>) => void navigate({ search: (prev) => patchSearch(prev, patch), replace: true, resetScroll: false }),
    [navigate],
  );
  const clear = useCallback(() => void navigate({ search: {}, replace: true, resetScroll: false }), [navigate]);
  const [inView, setInView] = useState<PageWindow>({ first: 0, last: 0 });
  // Only a move to other pages re-renders the page; scrolling within them does not.
  const onRows = useCallback((firstRow: number, lastRow: number) => {
    const next = pageWindow(firstRow, lastRow);
    setInView((current) => (current.first === next.first && current.last === next.last ? current : next));
  }, []);
  const { head: query, total, rowAt, error } = useFleet(product, search, inView);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <Group align="flex-end" gap="xl" wrap="wrap">
          <Title order={2}>Targets</Title>
          <TargetFilters product={product} search={search} onChange={update} />
        </Group>
        {/* Kept in the page so screen readers hear the new count; empty while it is not known. */}
        <Text c="dimmed" size="sm" role="status">
          {query.isSuccess && !query.isPlaceholderData ? plural(total, 'target') : ''}
        </Text>
      </Group>
      {query.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading targets" />
        </Center>
      ) : query.isError && !query.data ? (
        <ErrorAlert error={query.error} />
      ) : total === 0 ? (
        hasFilters(search) ? (
          <NoMatchingTargets onClear={clear} />
        ) : (
          <NoTargets product={product} />
        )
      ) : (
        <>
          {error && <ErrorAlert error={error} />}
          <TargetsTable key={JSON.stringify(search)} product={product} total={total} rowAt={rowAt} onRows={onRows} stale={query.isPlaceholderData} />
        </>
      )}
    </Stack>
  );
}
