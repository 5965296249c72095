import { Button, Code, Stack, Text, Title } from '@mantine/core';
import { useRings } from '../rings/use-rings.ts';

/** The filters leave nothing: say so and offer the way back to every target. */
export function NoMatchingTargets({ onClear }: { onClear: () => void }) {
  return (
    <Stack align="center" gap="sm" py="xl">
      <Title order={3}>No targets match these filters</Title>
      <Button variant="light" onClick={onClear}>
        Clear filters
      </Button>
    </Stack>
  );
}

/** The product declares no targets: they come from the product file, not from this page. */
export function NoTargets({ product }: { product: string }) {
  // The filter bar has loaded the rings already; the first one makes the example fit.
  const ring = useRings(product).data?.[0]?.name ?? 'production';
  return (
    <Stack maw={640} gap="sm" py="xl">
      <Title order={3}>{product} has no targets yet</Title>
      <Text>Targets are declared in the product file, each in one of the product's rings, under <Code>targets</Code>:</Text>
      <Code block>{`targets:\n  - name: eu-west-1\n    ring: ${ring}\n    users: 1200\n    deploy: { command: ./deploy.sh }`}</Code>
      <Text>Then apply the file:</Text>
      <Code block>ringmaster apply -f ringmaster.yaml</Code>
      <Text size="sm" c="dimmed">
        <Code>docs/product-file.md</Code> describes every field. This page updates by itself once the file is applied.
      </Text>
    </Stack>
  );
}
