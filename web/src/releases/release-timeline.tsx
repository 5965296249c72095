import { Code, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../app/query-keys.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { displayActor } from './actor.ts';
import { newestReleaseEvents, TIMELINE_SIZE } from './release-events.ts';

/** What happened to the release, newest first; refreshed by the live events themselves. */
export function ReleaseTimeline({ product, version }: { product: string; version: string }) {
  const events = useQuery({ queryKey: keys.releaseEvents(product, version), queryFn: () => newestReleaseEvents(product, version) });
  return (
    <QueryView query={events} label="events">
      {(list) =>
        list.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing has happened to this release yet.
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640} maxHeight={480}>
              <Table verticalSpacing={6} stickyHeader aria-label="Events">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={200}>Time</Table.Th>
                    <Table.Th w={140}>Actor</Table.Th>
                    <Table.Th>What happened</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Timestamp at={e.at} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{displayActor(e.actor)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {e.summary}{' '}
                          <Code fz="xs" c="dimmed">
                            {e.type}
                          </Code>
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {list.length === TIMELINE_SIZE && (
              <Text size="xs" c="dimmed" mt="xs">
                The {TIMELINE_SIZE} newest events; <Code fz="xs">ringmaster get events</Code> lists them all.
              </Text>
            )}
          </>
        )
      }
    </QueryView>
  );
}
