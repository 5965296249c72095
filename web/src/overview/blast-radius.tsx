import { Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import type { Overview } from '../app/api.ts';
import { formatCount } from '../shared/format.ts';
import { shareOf } from './cell-status.ts';

/** Ring colours from the first (smallest exposure) to the last; repeats past five rings. */
export const RING_COLORS = ['cyan', 'blue', 'indigo', 'violet', 'grape', 'pink'];

/** How many users each ring exposes: a release entering a ring reaches that share of everyone. */
export function BlastRadius({ rings }: { rings: Overview['rings'] }) {
  const users = rings.reduce((sum, ring) => sum + ring.users, 0);
  return (
    <Paper withBorder p="sm">
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Blast radius by ring
          </Text>
          <Text size="sm" c="dimmed">
            {formatCount(users)} users on {formatCount(rings.reduce((sum, ring) => sum + ring.targets, 0))} targets
          </Text>
        </Group>
        <Progress.Root size={18} aria-label="Users exposed by each ring">
          {rings.map((ring, i) => {
            const share = shareOf(ring.users, users);
            return (
              <Tooltip key={ring.name} label={`${ring.name}: ${formatCount(ring.users)} users (${share.toFixed(1)}%) on ${formatCount(ring.targets)} targets`}>
                <Progress.Section value={share} color={RING_COLORS[i % RING_COLORS.length]} aria-label={`${ring.name}: ${share.toFixed(1)}% of users`}>
                  {share >= 8 && <Progress.Label>{ring.name}</Progress.Label>}
                </Progress.Section>
              </Tooltip>
            );
          })}
        </Progress.Root>
        <Group gap="md">
          {rings.map((ring, i) => (
            <Group key={ring.name} gap={4} wrap="nowrap">
              <Text size="xs" c={RING_COLORS[i % RING_COLORS.length]} aria-hidden>
                ●
              </Text>
              <Text size="xs">
                {ring.name} {shareOf(ring.users, users).toFixed(1)}%
              </Text>
            </Group>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}
