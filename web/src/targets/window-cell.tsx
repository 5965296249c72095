import { Box, Text } from '@mantine/core';
import type { FleetRow } from '../app/api.ts';
import { describeWindow } from '../rings/describe-gate.ts';
import { formatRelative, formatTime } from '../shared/format.ts';
import { Detail } from './cells.tsx';

type Window = NonNullable<FleetRow['maintenanceWindow']>;

/** What the second line says: open now, when it next opens, or that it never does. */
export function windowStatus(nextAt: string | null, now = Date.now()): string {
  if (nextAt === null) return 'open now';
  if (nextAt === 'never') return 'never opens';
  return `opens ${formatRelative(nextAt, now)}`;
}

/** A target's maintenance window: its cron and zone, and whether deployments may start now. */
export function WindowCell({ window, nextAt }: { window: Window; nextAt: string | null }) {
  const exact = nextAt !== null && nextAt !== 'never' ? ` · next opens ${formatTime(nextAt)}` : '';
  return (
    <Box title={describeWindow(window) + exact}>
      <Text size="sm" className="rm-mono" truncate="end">
        {window.cron}{' '}
        <Text span size="xs" c="dimmed" ff="var(--mantine-font-family)">
          {window.timezone}
        </Text>
      </Text>
      <Detail>{windowStatus(nextAt)}</Detail>
    </Box>
  );
}
