import { Group, Pagination, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Deployment, type DeploymentFilter, type ReleaseDetail } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { Duration } from '../deployments/deployment-duration.tsx';
import { HeldUntil } from '../deployments/held-until.tsx';
import { useNow } from '../deployments/use-now.ts';
import { plural } from '../shared/format.ts';
import { AnchorLink } from '../shared/links.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { StateBadge } from '../shared/state-badge.tsx';

const PAGE_SIZE = 50;
const STATES: NonNullable<DeploymentFilter['state']>[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'skipped'];
const ALL = '';

/** Every deployment of the release to a target, filtered by ring and state, a page at a time. */
export function ReleaseDeployments({ release }: { release: ReleaseDetail }) {
  const [ring, setRing] = useState(ALL);
  const [state, setState] = useState(ALL);
  const [page, setPage] = useState(1);
  const filter: DeploymentFilter = {
    ...(ring === ALL ? {} : { ring }),
    ...(state === ALL ? {} : { state: state as NonNullable<DeploymentFilter['state']> }),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const deployments = useQuery({
    queryKey: keys.deployments(release.product, release.version, filter),
    queryFn: () => api.listDeployments(release.product, release.version, filter),
    placeholderData: keepPreviousData,
  });
  const filtered = ring !== ALL || state !== ALL;
  const choose = (set: (value: string) => void) => (value: string | null) => {
    set(value ?? ALL);
    setPage(1);
  };

  return (
    <>
      <Group gap="sm" mb="sm">
        <Select
          label="Ring"
          size="xs"
          w={160}
          value={ring}
          onChange={choose(setRing)}
          allowDeselect={false}
          data={[{ value: ALL, label: 'All rings' }, ...release.rings.map((r) => ({ value: r.ring, label: r.ring }))]}
        />
        <Select
          label="State"
          size="xs"
          w={160}
          value={state}
          onChange={choose(setState)}
          allowDeselect={false}
          data={[{ value: ALL, label: 'All states' }, ...STATES.map((s) => ({ value: s, label: s }))]}
        />
      </Group>
      <QueryView query={deployments} label="deployments">
        {({ deployments: list, total }) =>
          total === 0 ? (
            <Text size="sm" c="dimmed">
              {filtered ? 'No deployment matches these filters.' : `${release.version} has not been promoted anywhere yet: it has no deployments.`}
            </Text>
          ) : (
            <>
              <DeploymentTable deployments={list} />
              <Group justify="space-between" mt="sm">
                <Text size="sm" c="dimmed">
                  {plural(total, 'deployment')}
                </Text>
                {total > PAGE_SIZE && <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" aria-label="Deployment pages" />}
              </Group>
            </>
          )
        }
      </QueryView>
    </>
  );
}

function DeploymentTable({ deployments }: { deployments: Deployment[] }) {
  const now = useNow(deployments.some((d) => d.state === 'running'));
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Deployments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Target</Table.Th>
            <Table.Th>Ring</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Wave</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th>
              <VisuallyHidden>Log</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deployments.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td fw={500}>{d.target}</Table.Td>
              <Table.Td>{d.ring}</Table.Td>
              <Table.Td>{d.kind}</Table.Td>
              <Table.Td>{d.wave + 1}</Table.Td>
              <Table.Td>
                <StateBadge state={d.state} />
              </Table.Td>
              <Table.Td>
                <Duration startedAt={d.startedAt} finishedAt={d.finishedAt} now={now} />
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td maw={360}>
                {d.error ? (
                  <Text size="sm" c={d.state === 'skipped' ? 'orange' : 'red'} lineClamp={2} title={d.error}>
                    {d.error}
                  </Text>
                ) : d.heldUntil !== null ? (
                  <HeldUntil heldUntil={d.heldUntil} />
                ) : (
                  <Text span c="dimmed">–</Text>
                )}
              </Table.Td>
              <Table.Td>
                <AnchorLink to="/products/$product/deployments/$id" params={{ product: d.product, id: d.id }} size="sm" aria-label={`Log of ${d.target}`}>
                  Log
                </AnchorLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
