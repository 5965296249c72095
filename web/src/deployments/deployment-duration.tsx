import { Text } from '@mantine/core';
import { elapsed, formatDuration } from '../shared/format.ts';

/** How long something took, or has been running until `now`; a dash before it started. */
export function Duration({ startedAt, finishedAt, now }: { startedAt: string | null; finishedAt: string | null; now: number }) {
  const ms = elapsed(startedAt, finishedAt, now);
  if (ms === null) return <Text span c="dimmed">–</Text>;
  return (
    <Text span size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatDuration(ms)}
      {finishedAt === null && (
        <Text span c="dimmed" size="xs">
          {' '}
          so far
        </Text>
      )}
    </Text>
  );
}
