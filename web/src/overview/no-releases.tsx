import { Code, Stack, Text, Title } from '@mantine/core';

/** A product without releases yet: what CI and the release manager do to make one. */
export function NoReleases({ product }: { product: string }) {
  return (
    <Stack maw={720} gap="sm" mt="md">
      <Title order={3}>No releases yet</Title>
      <Text>CI registers each component's build; a release then takes one build per component and goes through the rings.</Text>
      <Code block>{`npx ringmaster build register ${product} <component> <version> --commit <sha>   # from CI\nnpx ringmaster release create ${product} <version> --latest\nnpx ringmaster promote ${product} <version> --to <first ring>`}</Code>
      <Text size="sm" c="dimmed">
        This page updates by itself as releases are created and move.
      </Text>
    </Stack>
  );
}
