import { Badge, Box, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ChecklistRing } from '../app/api.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { checklistProgress, describeProgress } from './checklist-words.ts';
import { TickEvidence } from './tick-evidence.tsx';
import { TickAction, UntickAction } from './tick-action.tsx';

type RoleList = ChecklistRing['roles'][number];

interface Props {
  product: string;
  version: string;
  ring: string;
  list: RoleList;
  /** The signed-in person holds the role and may tick now. */
  canTick: boolean;
}

/** One role's checklist for a ring: its items, who ticked them with what evidence, and Tick / Untick for its holders. */
export function ChecklistRole({ product, version, ring, list, canTick }: Props) {
  const progress = describeProgress(checklistProgress(list.items));
  return (
    <Stack gap={6}>
      <Group gap="sm" justify="space-between">
        <Group gap="xs">
          <Title order={5}>{list.role}</Title>
          <Text size="sm" c="dimmed">
            {progress} · held by {list.holders.length === 0 ? 'nobody' : list.holders.join(', ')}
          </Text>
        </Group>
        {canTick && (
          <Badge variant="outline" color="blue" radius="sm">
            your role
          </Badge>
        )}
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={6} aria-label={`${list.role} checklist for ${ring}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>State</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th w={340}>Ticked</Table.Th>
              {canTick && (
                <Table.Th w={180}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Box miw="max-content">{item.tick ? <StateBadge state="ticked" label="✓ ticked" /> : <StateBadge state={item.required ? 'waiting' : 'never'} label="open" />}</Box>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{item.text}</Text>
                  <Group gap={6} mt={2}>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {item.id}
                    </Text>
                    {!item.required && (
                      <Badge size="xs" variant="default" radius="sm">
                        optional
                      </Badge>
                    )}
                    {item.evidence === 'required' && (
                      <Badge size="xs" variant="light" color="grape" radius="sm">
                        evidence required
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{item.tick ? <TickEvidence product={product} version={version} tick={item.tick} /> : <Text span c="dimmed">–</Text>}</Table.Td>
                {canTick && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <TickAction product={product} version={version} ring={ring} role={list.role} item={item} />
                      {item.tick && <UntickAction product={product} version={version} ring={ring} role={list.role} item={item} />}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
