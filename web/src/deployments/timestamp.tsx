import { Text, Tooltip } from '@mantine/core';
import { formatRelative, formatTime } from '../shared/format.ts';

/** A moment in the reader's zone, with how long ago on hover; a dash when there is none. */
export function Timestamp({ at }: { at: string | null }) {
  if (at === null) return <Text span c="dimmed">–</Text>;
  return (
    <Tooltip label={formatRelative(at)} openDelay={300}>
      <Text span size="sm" component="time" dateTime={at}>
        {formatTime(at)}
      </Text>
    </Tooltip>
  );
}
