import { Box, Code, Stack, Table, Text } from '@mantine/core';
import { ANNOUNCEMENT_EVENTS } from '../../../src/products/product-spec.ts';
import type { Notifier } from '../app/api.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { describeDeliveries, describeEvents, notifierState } from './notifier-words.ts';

/** Each notifier of the product: where it sends what, whether it is on (and why not), its deliveries and last error. */
export function NotifierTable({ notifiers }: { notifiers: Notifier[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" aria-label="Notifiers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Destination</Table.Th>
            <Table.Th>Events</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Deliveries</Table.Th>
            <Table.Th>Last error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {notifiers.map((n) => {
            const state = notifierState(n);
            return (
              <Table.Tr key={n.name}>
                <Table.Td fw={500}>{n.name}</Table.Td>
                <Table.Td>{n.kind}</Table.Td>
                <Table.Td maw={260}>
                  <Code style={{ wordBreak: 'break-all' }}>{n.destination}</Code>
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="sm">{describeEvents(n.events, ANNOUNCEMENT_EVENTS)}</Text>
                </Table.Td>
                <Table.Td maw={320}>
                  <Stack gap={2}>
                    <Box miw="max-content">
                      <StateBadge state={state.state} label={state.label} />
                    </Box>
                    {n.reason && (
                      <Text size="xs" c="dimmed">
                        {n.reason}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={n.deliveries.failed > 0 ? 'red' : undefined}>
                    {describeDeliveries(n.deliveries)}
                  </Text>
                </Table.Td>
                <Table.Td maw={320}>
                  {n.lastError ? (
                    <Text size="sm" c="red" lineClamp={3} title={n.lastError}>
                      {n.lastError}
                    </Text>
                  ) : (
                    <Text span c="dimmed">–</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
