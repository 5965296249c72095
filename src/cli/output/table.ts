/**
 * Aligned plain-text tables for human output, like `kubectl get`: upper-case
 * headers, columns three spaces apart, no trailing spaces.
 */
import { printable } from './printable.ts';

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

const GAP = '   ';

/** Every line ends with a newline; cells are made printable (no control characters). */
export function formatTable(columns: readonly (string | Column)[], rows: readonly (readonly string[])[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c, align: 'left' as const } : { align: 'left' as const, ...c }));
  const lines = [cols.map((c) => c.header.toUpperCase()), ...rows.map((row) => cols.map((_, i) => printable(row[i] ?? '')))];
  const widths = cols.map((_, i) => Math.max(...lines.map((line) => width(line[i]!))));
  return lines
    .map((line) =>
      line
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i]! - width(cell));
          if (cols[i]!.align === 'right') return pad + cell;
          return i === line.length - 1 ? cell : cell + pad;
        })
        .join(GAP)
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** Code points, so `→` and accented names count once. */
function width(text: string): number {
  return [...text].length;
}
