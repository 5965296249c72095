import { Text, Tooltip } from '@mantine/core';
import { formatRelative } from '../shared/format.ts';
import { bothZones } from './train-words.ts';

/** The reader's own time zone, as the browser knows it. */
export const READER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A train moment in the train's zone and the reader's, with how far off it is on hover. */
export function ZonedMoment({ at, zone }: { at: string; zone: string }) {
  return (
    <Tooltip label={formatRelative(at)} openDelay={300}>
      <Text span size="sm" component="time" dateTime={at}>
        {bothZones(at, zone, READER_ZONE)}
      </Text>
    </Tooltip>
  );
}
