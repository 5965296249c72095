import { Group, Text } from '@mantine/core';
import type { FleetRow } from '../app/api.ts';
import { formatRelative, formatTime } from '../shared/format.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { Detail } from './cells.tsx';

type Agent = NonNullable<FleetRow['agent']>;

/** reachable, unreachable (silent too long), or no agent yet (it never called in). */
export function reachability(agent: Agent): 'reachable' | 'unreachable' | 'no agent yet' {
  if (agent.lastContactAt === null) return 'no agent yet';
  return agent.reachable ? 'reachable' : 'unreachable';
}

/** A pull target's agent: whether it calls in, the health it reported, its version and when it last called. */
export function AgentCell({ target, agent }: { target: string; agent: Agent }) {
  const state = reachability(agent);
  const contact = agent.lastContactAt;
  return (
    <>
      <Group gap={6} wrap="nowrap" aria-label={`Agent of ${target}: ${state}${agent.health ? `, ${agent.health}` : ''}`}>
        <StateBadge state={state === 'no agent yet' ? 'never' : state} label={state} />
        {agent.health && (
          <Text size="xs" c={agent.health === 'healthy' ? 'green' : agent.health === 'unhealthy' ? 'red' : 'dimmed'} truncate="end" title={agent.healthDetail ?? undefined}>
            {agent.health}
          </Text>
        )}
      </Group>
      {contact !== null && (
        <Detail title={[formatTime(contact), agent.hostname].filter(Boolean).join(' · ')}>
          {agent.version ? `v${agent.version} · ` : ''}
          {formatRelative(contact)}
        </Detail>
      )}
    </>
  );
}
