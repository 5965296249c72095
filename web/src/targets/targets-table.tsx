import { Box, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { FleetRow } from '../app/api.ts';
import { COLUMNS, GRID, MIN_TABLE_WIDTH, TargetCells } from './target-row.tsx';

const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 40;

const BORDER = '1px solid var(--mantine-color-default-border)';

interface Props {
  product: string;
  total: number;
  /** The target at a row, or undefined while its page loads. */
  rowAt: (index: number) => FleetRow | undefined;
  /** Tells which rows are in view (with a margin), so their pages are fetched. */
  onRows: (first: number, last: number) => void;
  /** The rows shown belong to the filter before (the new one's first page is on its way). */
  stale: boolean;
}

/**
 * The fleet as an ARIA table whose rows are virtualised: only those in view
 * (and a few either side) are in the page, out of all `total`. Rows whose page
 * has not arrived show as loading. A real <table> cannot position rows this
 * way, hence divs with table roles.
 */
export function TargetsTable({ product, total, rowAt, onRows, stale }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is outside React's memoisation model; nothing here is memoised on its results.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The rows start below the sticky header, inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => onRows(firstIndex, lastIndex), [firstIndex, lastIndex, onRows]);

  return (
    <Box
      ref={scrollRef}
      role="table"
      aria-label="Targets"
      aria-rowcount={total + 1}
      aria-busy={stale || undefined}
      // Fills the screen below the filters when there are many targets, shrinks to fit a few.
      mah="calc(100vh - 200px)"
      style={{ overflow: 'auto', border: BORDER, borderRadius: 'var(--mantine-radius-sm)', scrollPaddingTop: HEADER_HEIGHT, opacity: stale ? 0.6 : 1 }}
    >
      <Box miw={MIN_TABLE_WIDTH}>
        <Box role="rowgroup" pos="sticky" top={0} style={{ zIndex: 1 }} bg="var(--mantine-color-body)">
          <Box role="row" aria-rowindex={1} h={HEADER_HEIGHT} style={{ ...GRID, borderBottom: BORDER }}>
            {COLUMNS.map((column) => (
              <Text key={column.title} role="columnheader" size="xs" fw={700} c="dimmed" tt="uppercase" truncate="end" ta={'align' in column ? column.align : undefined}>
                {column.title}
              </Text>
            ))}
          </Box>
        </Box>
        <Box role="rowgroup" pos="relative" h={virtualizer.getTotalSize()}>
          {items.map((item) => {
            const style = { position: 'absolute', top: 0, left: 0, width: '100%', height: item.size, transform: `translateY(${item.start - HEADER_HEIGHT}px)` } as const;
            const target = rowAt(item.index);
            if (!target) {
              return (
                <Group key={`loading-${item.index}`} role="row" aria-rowindex={item.index + 2} aria-busy gap="xs" px="sm" style={{ ...style, borderBottom: BORDER }}>
                  <Loader size="xs" aria-hidden />
                  <Text size="sm" c="dimmed" role="cell">
                    Loading…
                  </Text>
                </Group>
              );
            }
            return (
              <Box key={target.name} role="row" aria-rowindex={item.index + 2} style={{ ...style, ...GRID, borderBottom: BORDER }}>
                <TargetCells product={product} target={target} />
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
