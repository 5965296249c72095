import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { api } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { QueryView } from '../shared/query-view.tsx';
import { BlastRadius } from './blast-radius.tsx';
import { NoReleases } from './no-releases.tsx';
import { OverviewMatrix } from './overview-matrix.tsx';

const PAGE = 20;

/** Where every release of a product stands in every ring, newest first; older releases a page away. */
export function OverviewPage() {
  const { product } = useParams({ from: '/app/products/$product' });
  const { before } = useSearch({ from: '/app/products/$product' });
  const navigate = useNavigate({ from: '/products/$product' });
  const overview = useQuery({
    queryKey: keys.overview(product, before),
    queryFn: () => api.overview(product, { limit: PAGE, before }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={2}>{product}</Title>
        <Text c="dimmed" size="sm">
          Releases by ring, newest first
        </Text>
      </Group>
      <QueryView query={overview} label="the overview">
        {(data) =>
          data.releases.length === 0 && before === undefined ? (
            <NoReleases product={product} />
          ) : (
            <Stack gap="md">
              <BlastRadius rings={data.rings} />
              <OverviewMatrix overview={data} />
              <Group justify="flex-end" gap="xs">
                {before !== undefined && (
                  <Button variant="default" onClick={() => void navigate({ search: {} })}>
                    Newest releases
                  </Button>
                )}
                {data.next !== null && (
                  <Button variant="default" onClick={() => void navigate({ search: { before: data.next ?? undefined } })}>
                    Older releases
                  </Button>
                )}
              </Group>
            </Stack>
          )
        }
      </QueryView>
    </Stack>
  );
}
