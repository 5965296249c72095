import { Group, Stack, Table, Text } from '@mantine/core';
import type { Overview } from '../app/api.ts';
import { formatRelative, plural } from '../shared/format.ts';
import { AnchorLink } from '../shared/links.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { usersOn } from './cell-status.ts';
import { MatrixCell } from './matrix-cell.tsx';

/** The release × ring matrix: one row per release, one column per ring in rollout order. */
export function OverviewMatrix({ overview }: { overview: Overview }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Releases by ring" withTableBorder withColumnBorders verticalSpacing="xs" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200} scope="col">
              Release
            </Table.Th>
            {overview.rings.map((ring) => (
              <Table.Th key={ring.name} scope="col">
                <Text size="sm" fw={600}>
                  {ring.name}
                </Text>
                <Text size="xs" c="dimmed" fw={400}>
                  {plural(ring.targets, 'target')} · {plural(ring.users, 'user')}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.releases.map((release) => (
            <Table.Tr key={release.version}>
              <Table.Th scope="row" fw={400}>
                <Stack gap={2}>
                  <AnchorLink to="/products/$product/releases/$version" params={{ product: overview.product, version: release.version }} fw={600}>
                    {release.version}
                  </AnchorLink>
                  <Group gap={4}>
                    <StateBadge state={release.state} />
                    <StateBadge state={release.channel} />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatRelative(release.createdAt)}
                    {usersOn(release) > 0 && ` · ${plural(usersOn(release), 'user')}`}
                  </Text>
                </Stack>
              </Table.Th>
              {release.cells.map((cell, i) => (
                <Table.Td key={cell.ring}>
                  <MatrixCell version={release.version} releaseState={release.state} cell={cell} previous={i === 0 ? null : (release.cells[i - 1] ?? null)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
