import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import type { ReleaseDetail } from '../app/api.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { AnchorLink } from '../shared/links.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { displayActor } from './actor.ts';

/** Name, state and channel, who made it and when, and why it stands where it does. */
export function ReleaseHeader({ release: r }: { release: ReleaseDetail }) {
  return (
    <Stack gap={6}>
      <AnchorLink to="/products/$product" params={{ product: r.product }} size="sm">
        ← {r.product} overview
      </AnchorLink>
      <Group gap="sm" align="center">
        <Title order={2}>
          {r.product} {r.version}
        </Title>
        <StateBadge state={r.state} />
        <StateBadge state={r.channel} label={`${r.channel} channel`} />
      </Group>
      <Group gap="lg" c="dimmed">
        <Text size="sm">
          Created by {displayActor(r.createdBy)} · <Timestamp at={r.createdAt} />
        </Text>
        {r.baseVersion && (
          <Text size="sm">
            Hotfix of{' '}
            <AnchorLink to="/products/$product/releases/$version" params={{ product: r.product, version: r.baseVersion }}>
              {r.baseVersion}
            </AnchorLink>
          </Text>
        )}
        {r.blessedAt && (
          <Text size="sm">
            Blessed · <Timestamp at={r.blessedAt} />
          </Text>
        )}
      </Group>
      {r.stateReason && <StateReason release={r} />}
    </Stack>
  );
}

/** Why the release is in its state: who rejected or withdrew it, and their words. */
function StateReason({ release: r }: { release: ReleaseDetail }) {
  const color = r.state === 'rejected' ? 'red' : r.state === 'withdrawn' || r.state === 'superseded' ? 'gray' : 'blue';
  const by = r.stateBy ? ` by ${displayActor(r.stateBy)}` : '';
  return (
    <Alert color={color} variant="light" title={`${capitalize(r.state)}${by}`} mt="xs">
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {r.stateReason}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        <Timestamp at={r.stateAt} />
      </Text>
    </Alert>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
