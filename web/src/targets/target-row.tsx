import { Box, Group, Text } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import type { FleetRow } from '../app/api.ts';
import { formatCount, formatRelative, formatTime } from '../shared/format.ts';
import { AnchorLink } from '../shared/links.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { AgentCell } from './agent-cell.tsx';
import { Detail, None } from './cells.tsx';
import { WindowCell } from './window-cell.tsx';

/** The table's columns, shared by the header and every row so they line up. */
export const COLUMNS = [
  { title: 'Target', width: 'minmax(130px, 1.4fr)' },
  { title: 'Ring', width: 'minmax(90px, 0.8fr)' },
  { title: 'Hosting', width: '112px' },
  { title: 'Status', width: '100px' },
  { title: 'Release', width: 'minmax(120px, 1fr)' },
  { title: 'Previous good', width: '120px' },
  { title: 'Last deployment', width: 'minmax(180px, 1.2fr)' },
  { title: 'Users', width: '56px', align: 'end' },
  { title: 'Agent', width: 'minmax(160px, 1fr)' },
  { title: 'Maintenance window', width: 'minmax(176px, 1.1fr)' },
] as const;

export const GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: COLUMNS.map((c) => c.width).join(' '),
  columnGap: 'var(--mantine-spacing-sm)',
  alignItems: 'center',
  paddingInline: 'var(--mantine-spacing-sm)',
};

/** The narrowest the columns go (their minimums, gaps and padding); below it the table scrolls sideways. */
export const MIN_TABLE_WIDTH = 1380;

/** One target's cells, two lines at most. Links (its releases, its last deployment) are how the keyboard reaches a row. */
export function TargetCells({ product, target }: { product: string; target: FleetRow }) {
  const last = target.lastDeployment;
  const lastAt = last?.finishedAt ?? last?.startedAt ?? null;
  return (
    <>
      <Cell>
        <Text size="sm" fw={500} truncate="end" title={target.name}>
          {target.name}
        </Text>
      </Cell>
      <Cell>
        <Text size="sm" truncate="end">
          {target.ring}
        </Text>
      </Cell>
      <Cell>
        <Text size="sm" truncate="end">
          {target.hosting}
          <Text span c="dimmed" size="sm">
            {' · '}
            {target.delivery}
          </Text>
        </Text>
      </Cell>
      <Cell>
        <StateBadge state={target.status} />
      </Cell>
      <Cell>
        {target.release ? (
          <>
            <ReleaseLink product={product} version={target.release.version} />
            <Detail title={formatTime(target.release.since)}>since {formatRelative(target.release.since)}</Detail>
          </>
        ) : (
          <None />
        )}
      </Cell>
      <Cell>{target.previousGood ? <ReleaseLink product={product} version={target.previousGood} /> : <None />}</Cell>
      <Cell>
        {last ? (
          <>
            <Group gap={6} wrap="nowrap">
              <AnchorLink to="/products/$product/deployments/$id" params={{ product, id: last.id }} size="sm" aria-label={`Last deployment of ${target.name}`} className="rm-mono" truncate="end" miw={0}>
                {last.version}
              </AnchorLink>
              <Box style={{ flexShrink: 0 }}>
                <StateBadge state={last.state} />
              </Box>
            </Group>
            <Detail title={lastAt ? formatTime(lastAt) : undefined}>
              {last.kind === 'rollback' ? 'rollback' : 'deploy'}
              {lastAt ? ` · ${formatRelative(lastAt)}` : ' · not started'}
            </Detail>
          </>
        ) : (
          <None />
        )}
      </Cell>
      <Cell align="end">
        <Text size="sm">{formatCount(target.users)}</Text>
      </Cell>
      <Cell>{target.agent ? <AgentCell target={target.name} agent={target.agent} /> : <None />}</Cell>
      <Cell>{target.maintenanceWindow ? <WindowCell window={target.maintenanceWindow} nextAt={target.nextWindowAt} /> : <None />}</Cell>
    </>
  );
}

function Cell({ children, align }: { children: ReactNode; align?: 'end' }) {
  return (
    <Box role="cell" miw={0} ta={align}>
      {children}
    </Box>
  );
}

function ReleaseLink({ product, version }: { product: string; version: string }) {
  return (
    <AnchorLink to="/products/$product/releases/$version" params={{ product, version }} size="sm" className="rm-mono" display="inline-block" maw="100%" truncate="end" style={{ verticalAlign: 'bottom' }}>
      {version}
    </AnchorLink>
  );
}
