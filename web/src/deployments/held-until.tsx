import { Text, Tooltip } from '@mantine/core';
import { formatRelative, formatTime } from '../shared/format.ts';

/**
 * Why a deployment that has not started waits: its target's maintenance
 * window is shut until `heldUntil` (an instant, or 'never').
 */
export function HeldUntil({ heldUntil }: { heldUntil: string }) {
  if (heldUntil === 'never') {
    return (
      <Text span size="sm" c="orange">
        held: its maintenance window never opens
      </Text>
    );
  }
  return (
    <Tooltip label={`the maintenance window opens ${formatRelative(heldUntil)}`} openDelay={300}>
      <Text span size="sm" c="yellow.8">
        held until{' '}
        <time dateTime={heldUntil}>{formatTime(heldUntil)}</time> (maintenance window)
      </Text>
    </Tooltip>
  );
}
