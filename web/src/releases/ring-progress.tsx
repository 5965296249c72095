import { Box, Table, Text } from '@mantine/core';
import type { ReleaseDetail } from '../app/api.ts';
import { Duration } from '../deployments/deployment-duration.tsx';
import { Timestamp } from '../deployments/timestamp.tsx';
import { StateBadge } from '../shared/state-badge.tsx';

/** How far the release got in each ring, in ring order. */
export function RingProgress({ rings, now }: { rings: ReleaseDetail['rings']; now: number }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Ring progress">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ring</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Finished</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Failures</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rings.map((ring) => (
            <Table.Tr key={ring.ring}>
              <Table.Td fw={500}>{ring.ring}</Table.Td>
              <Table.Td>
                {/* A badge clips its text when squeezed; the column keeps its full width instead. */}
                <Box miw="max-content">{ring.state === null ? <StateBadge state="never" label="not entered" /> : <StateBadge state={ring.state} />}</Box>
              </Table.Td>
              <Table.Td>
                <Timestamp at={ring.startedAt} />
              </Table.Td>
              <Table.Td>
                <Timestamp at={ring.finishedAt} />
              </Table.Td>
              <Table.Td>{ring.state === null || (ring.finishedAt === null && ring.state !== 'deploying') ? <Text span c="dimmed">–</Text> : <Duration startedAt={ring.startedAt} finishedAt={ring.finishedAt} now={now} />}</Table.Td>
              <Table.Td>
                <Text span size="sm" c={ring.failures > 0 ? 'red' : undefined}>
                  {ring.failures}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
