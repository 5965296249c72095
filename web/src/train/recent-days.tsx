import { Box, Group, Table, Text, Tooltip } from '@mantine/core';
import { AnchorLink } from '../shared/links.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { stepLabel, stepOutcome, trainDate, type TrainDay } from './train-words.ts';

/** The train days before the current one, newest first: each step's state (its outcome on hover) and the release cut. */
export function RecentDays({ product, ring, zone, days }: { product: string; ring: string; zone: string; days: TrainDay[] }) {
  if (days.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No earlier train day left a record.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} aria-label="Recent train days">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Day</Table.Th>
            <Table.Th>Steps</Table.Th>
            <Table.Th>Release</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map((d) => {
            const version = d.steps.find((s) => s.version !== null)?.version ?? null;
            // Why the day did not go all the way, if it did not.
            const stopped = d.steps.find((s) => s.state === 'failed' || s.state === 'skipped');
            return (
              <Table.Tr key={d.day}>
                <Table.Td>
                  <Text size="sm" component="time" dateTime={d.day}>
                    {trainDate(d.day, zone)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {d.steps.map((s) => (
                      <Tooltip key={s.step} label={stepOutcome(s)} multiline maw={420}>
                        <Box>
                          <StateBadge state={s.state} label={`${s.step} ${s.state}`} />
                        </Box>
                      </Tooltip>
                    ))}
                  </Group>
                  {stopped && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {stepLabel(stopped.step, ring)}: {stepOutcome(stopped)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {version ? (
                    <AnchorLink to="/products/$product/releases/$version" params={{ product, version }} size="sm">
                      {version}
                    </AnchorLink>
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
