import { Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { Ring } from '../app/api.ts';
import { plural } from '../shared/format.ts';
import { AnchorLink } from '../shared/links.tsx';
import { describeGate, describeRollout } from './describe-gate.ts';

/** Targets and users of the ring; null while they load. */
export interface RingReach {
  targets: number;
  users: number;
}

/** One ring as the product file defines it: its gates and rollout in words, and who it reaches. */
export function RingCard({ product, ring, position, reach }: { product: string; ring: Ring; position: number; reach: RingReach | null }) {
  const headingId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="center">
          <Badge variant="default" radius="sm" aria-hidden>
            {position}
          </Badge>
          <Title order={3} id={headingId}>
            {ring.name}
          </Title>
        </Group>
        {reach && (
          <Text size="sm">
            <AnchorLink to="/products/$product/targets" params={{ product }} search={{ ring: ring.name }}>
              {plural(reach.targets, 'target')}
            </AnchorLink>
            <Text span c="dimmed" size="sm">
              {' · '}
              {plural(reach.users, 'user')}
            </Text>
          </Text>
        )}
      </Group>
      {ring.description && (
        <Text mt="xs" c="dimmed">
          {ring.description}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" mt="md">
        <Stack gap={6}>
          <Title order={4} size="h5">
            Gates
          </Title>
          {ring.gates.length === 0 ? (
            <Text size="sm" c="dimmed">
              No gates.
            </Text>
          ) : (
            <List size="sm" spacing={4} aria-label={`Gates of ${ring.name}`}>
              {ring.gates.map((gate, i) => (
                <List.Item key={i}>{describeGate(gate)}</List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap={6}>
          <Title order={4} size="h5">
            Rollout
          </Title>
          <List size="sm" spacing={4} aria-label={`Rollout of ${ring.name}`}>
            {describeRollout(ring.rollout).map((phrase) => (
              <List.Item key={phrase}>{phrase}</List.Item>
            ))}
          </List>
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
