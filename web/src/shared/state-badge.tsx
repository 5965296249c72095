import { Badge } from '@mantine/core';

/** One colour per meaning across pages: green done well, red failed, blue moving, yellow waiting on someone. */
const COLORS: Record<string, string> = {
  succeeded: 'green',
  blessed: 'green',
  done: 'teal',
  ok: 'green',
  reachable: 'green',
  healthy: 'green',
  pass: 'green',
  go: 'green',
  ticked: 'green',
  stable: 'green',
  failed: 'red',
  rejected: 'red',
  fail: 'red',
  'no-go': 'red',
  unreachable: 'red',
  unhealthy: 'red',
  halted: 'orange',
  skipped: 'orange',
  cancelled: 'gray',
  withdrawn: 'gray',
  superseded: 'gray',
  never: 'gray',
  running: 'blue',
  deploying: 'blue',
  'in-progress': 'blue',
  paused: 'yellow',
  waiting: 'yellow',
  pending: 'yellow',
  candidate: 'cyan',
  draft: 'gray',
  beta: 'grape',
  alpha: 'violet',
};

export function StateBadge({ state, label }: { state: string; label?: string }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" radius="sm">
      {label ?? state}
    </Badge>
  );
}
