import { Box, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { FleetRow } from '../app/api.ts';
import { COLUMNS, GRID, MIN_TABLE_WIDTH, TargetCells } from './target-row.tsx';

const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 40;
/** Rows left below the view when the next page is asked for: it arrives before the end is reached. */
const PREFETCH_ROWS = 60;

const BORDER = '1px solid var(--mantine-color-default-border)';

interface Props {
  product: string;
  rows: FleetRow[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** The rows shown belong to the filter before (the new one's first page is on its way). */
  stale: boolean;
}

/**
 * The fleet as an ARIA table whose rows are virtualised: only those in view
 * (and a few either side) are in the page, however many thousands are loaded.
 * A real <table> cannot position rows this way, hence divs with table roles.
 */
export function TargetsTable({ product, rows, total, hasMore, loadingMore, loadMore, stale }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is outside React's memoisation model; nothing here is memoised on its results.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The rows start below the sticky header, inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

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
            const target = rows[item.index];
            if (!target) {
              return (
                <Group key="more" gap="xs" px="sm" style={style} aria-hidden>
                  <Loader size="xs" />
                  <Text size="sm" c="dimmed">
                    Loading more targets…
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
