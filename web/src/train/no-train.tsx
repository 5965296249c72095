import { Code, Stack, Text, Title } from '@mantine/core';

const EXAMPLE = `train:
  ring: production            # the ring it delivers to
  timezone: Asia/Kolkata
  cut: "0 15 * * 1-5"         # weekdays: cut a candidate at 15:00,
  vote: "0 16 * * 1-5"        # open the Go/No-Go at 16:00,
  deploy: "0 17 * * 1-5"      # and deploy at 17:00`;

/** A product without a train: how to add one. */
export function NoTrain({ product }: { product: string }) {
  return (
    <Stack gap="sm" maw={720}>
      <Title order={3} size="h4">
        {product} has no release train
      </Title>
      <Text size="sm">
        A train cuts a release candidate from the latest green builds on a schedule, opens its Go/No-Go and deploys it when every gate passes. To run one, add a <Code>train:</Code> section to
        the product file and apply it with <Code>ringmaster apply -f ringmaster.yaml</Code>:
      </Text>
      <Code block aria-label="Example train section">
        {EXAMPLE}
      </Code>
    </Stack>
  );
}
