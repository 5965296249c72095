import { DataList, Text } from '@mantine/core';
import type { Deployment } from '../app/api.ts';
import { Duration } from './deployment-duration.tsx';
import { HeldUntil } from './held-until.tsx';
import { Timestamp } from './timestamp.tsx';

/** Where, which wave, how often and how long: the deployment at a glance. */
export function DeploymentFacts({ deployment, now }: { deployment: Deployment; now: number }) {
  const facts: [string, React.ReactNode][] = [
    ['Ring', deployment.ring],
    ['Target', deployment.target],
    ['Kind', deployment.kind === 'rollback' ? 'rollback (puts this release back on the target)' : 'deploy'],
    ['Delivery', deployment.delivery],
    ['Wave', deployment.wave + 1],
    ['Attempts', deployment.attempts],
    ['Created', <Timestamp key="created" at={deployment.createdAt} />],
    ['Started', <Timestamp key="started" at={deployment.startedAt} />],
    ['Finished', <Timestamp key="finished" at={deployment.finishedAt} />],
    ['Duration', <Duration key="duration" startedAt={deployment.startedAt} finishedAt={deployment.finishedAt} now={now} />],
    ...(deployment.heldUntil === null ? [] : [['Waits', <HeldUntil key="held" heldUntil={deployment.heldUntil} />] as [string, React.ReactNode]]),
  ];
  return (
    <DataList labelWidth={110} aria-label="Deployment details">
      {facts.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{typeof value === 'string' || typeof value === 'number' ? <Text span size="sm">{value}</Text> : value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
