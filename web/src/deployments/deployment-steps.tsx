import { Code, Table, Text } from '@mantine/core';
import type { Deployment } from '../app/api.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { Duration } from './deployment-duration.tsx';

/** One row per component, in the order they run: which command ended it, how, how long. */
export function DeploymentSteps({ steps, now }: { steps: Deployment['steps']; now: number }) {
  if (steps.length === 0) return <Text c="dimmed">This deployment has no steps.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" aria-label="Steps">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Component</Table.Th>
            <Table.Th>Artifact</Table.Th>
            <Table.Th>Phase</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((step) => (
            <Table.Tr key={step.component}>
              <Table.Td fw={500}>{step.component}</Table.Td>
              <Table.Td>
                <Code>{step.artifact}</Code>
              </Table.Td>
              <Table.Td>{step.phase ?? <Text span c="dimmed">–</Text>}</Table.Td>
              <Table.Td>
                <StateBadge state={step.state} />
              </Table.Td>
              <Table.Td>
                <Duration startedAt={step.startedAt} finishedAt={step.finishedAt} now={now} />
              </Table.Td>
              <Table.Td>
                {step.error ? (
                  <Text span size="sm" c="red">
                    {step.error}
                  </Text>
                ) : (
                  <Text span c="dimmed">–</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
