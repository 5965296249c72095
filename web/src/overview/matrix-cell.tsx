import { Progress, Stack, Text } from '@mantine/core';
import { formatCount, plural } from '../shared/format.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { cellStatus, type OverviewCell, type OverviewRelease } from './cell-status.ts';

/** One release in one ring: its state, targets done of total with a progress bar while moving, users on it. */
export function MatrixCell({ version, releaseState, cell, previous }: { version: string; releaseState: OverviewRelease['state']; cell: OverviewCell; previous: OverviewCell | null }) {
  const status = cellStatus(cell, releaseState, previous);
  const summary = `${version} in ${cell.ring}: ${status.label}` + (status.total > 0 ? `, ${status.done} of ${status.total} targets` : '');
  return (
    <Stack gap={4} aria-label={summary} data-state={cell.state ?? status.tone} role="group">
      {status.tone === 'none' ? (
        <Text size="sm" c="dimmed" aria-hidden>
          —
        </Text>
      ) : (
        <StateBadge state={status.tone} label={status.label} />
      )}
      {status.total > 0 && (
        <>
          {status.moving && <Progress value={(status.done / status.total) * 100} size="sm" aria-label={`${cell.ring} progress`} animated />}
          <Text size="xs">
            {formatCount(status.done)} / {plural(status.total, 'target')}
            {cell.failed > 0 && (
              <Text span c="red" size="xs">
                {' '}
                · {formatCount(cell.failed)} failed
              </Text>
            )}
            {cell.skipped > 0 && (
              <Text span c="orange" size="xs" title="unreachable pull targets the ring went on without: their agents get it when they call in">
                {' '}
                · {formatCount(cell.skipped)} skipped
              </Text>
            )}
          </Text>
        </>
      )}
      {cell.usersOn > 0 && (
        <Text size="xs" c="dimmed">
          {plural(cell.usersOn, 'user')} on it
        </Text>
      )}
    </Stack>
  );
}
