import { Box, Group, Text } from '@mantine/core';
import type { GateVerdict } from '../app/api.ts';
import { StateBadge } from '../shared/state-badge.tsx';

/** A gate's verdict as the server gave it: pass / waiting / fail and its reason, verbatim. */
export function GateVerdictLine({ verdict }: { verdict: GateVerdict }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" role="status" aria-label={`${verdict.gate} gate: ${verdict.status}`}>
      <Box miw="max-content">
        <StateBadge state={verdict.status} />
      </Box>
      <Text size="sm">{verdict.reason}</Text>
    </Group>
  );
}
