import { Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert.tsx';

/** The three faces of server data: loading, an error as the server said it, or the page. */
export function QueryView<T>({ query, children, label }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; label?: string }) {
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={label ? `Loading ${label}` : 'Loading'} />
      </Center>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <>{children(query.data)}</>;
}
