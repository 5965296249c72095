import { Group, Paper, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';

/** A titled part of a page: a landmark region named by its heading. */
export function Section({ title, aside, children }: { title: ReactNode; aside?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <Paper component="section" withBorder p="md" h="100%" aria-labelledby={id}>
      <Group justify="space-between" align="center" mb="sm" gap="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}
