import { Button, Collapse, List, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import type { Ballot } from '../app/api.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { plural } from '../shared/format.ts';
import { StateBadge } from '../shared/state-badge.tsx';

/** Every ballot of the round, oldest first, folded away: the table above shows the ones that count. */
export function BallotHistory({ ring, ballots }: { ring: string; ballots: Ballot[] }) {
  const [opened, { toggle }] = useDisclosure(false);
  const id = useId();
  if (ballots.length === 0) return null;
  return (
    <div>
      <Button variant="subtle" size="compact-sm" onClick={toggle} aria-expanded={opened} aria-controls={id}>
        {opened ? 'Hide' : 'Show'} the ballot history ({plural(ballots.length, 'ballot')})
      </Button>
      <Collapse expanded={opened} id={id}>
        <List size="sm" spacing={4} mt="xs" aria-label={`Ballots on ${ring}`} listStyleType="none">
          {ballots.map((b) => (
            <List.Item key={`${b.role} ${b.user} ${b.at}`}>
              <Timestamp at={b.at} /> · {b.user} as {b.role} <StateBadge state={b.vote} />
              {b.reason && (
                <Text span size="sm" fs="italic">
                  {' '}
                  “{b.reason}”
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </Collapse>
    </div>
  );
}
