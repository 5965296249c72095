import { Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/** The dimmed second line of a cell. */
export function Detail({ children, title }: { children: ReactNode; title?: string | undefined }) {
  return (
    <Text size="xs" c="dimmed" truncate="end" title={title}>
      {children}
    </Text>
  );
}

export function None() {
  return (
    <Text size="sm" c="dimmed">
      <span aria-hidden>—</span>
      <VisuallyHidden>none</VisuallyHidden>
    </Text>
  );
}
