import { Code, Container, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { QueryView } from '../shared/query-view.tsx';
import { RingCard } from './ring-card.tsx';
import { useRingReach, useRings } from './use-rings.ts';

/** The product's rings in exposure order, read-only: the product file is where they change. */
export function RingsPage() {
  const { product } = useParams({ from: '/app/products/$product/rings' });
  const rings = useRings(product);
  const reach = useRingReach(product);
  return (
    <Container size="lg">
      <Stack gap="md">
        <div>
          <Title order={2}>Rings</Title>
          <Text c="dimmed" size="sm">
            A release enters the rings in this order once each ring's gates pass. Change rings in the product file and apply it with{' '}
            <Code>ringmaster apply -f ringmaster.yaml</Code>.
          </Text>
        </div>
        <QueryView query={rings} label="rings">
          {(list) => (
            <Stack gap="md">
              {list.map((ring, i) => (
                <RingCard key={ring.name} product={product} ring={ring} position={i + 1} reach={reach.data?.find((r) => r.name === ring.name) ?? null} />
              ))}
            </Stack>
          )}
        </QueryView>
      </Stack>
    </Container>
  );
}
