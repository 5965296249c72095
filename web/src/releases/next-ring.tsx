import { Alert, Box, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ReleaseDetail } from '../app/api.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { displayActor } from './actor.ts';

/** Whether the release may enter its next ring, gate by gate, and who approved it where. */
export function NextRing({ release: r }: { release: ReleaseDetail }) {
  const next = r.next;
  return (
    <Stack gap="sm">
      {next === null ? (
        <Text size="sm" c="dimmed">
          {NO_NEXT[r.state] ?? 'There is no further ring for this release to enter.'}
        </Text>
      ) : (
        <>
          <Group gap="xs">
            {next.ready ? <StateBadge state="pass" label="ready" /> : <StateBadge state="waiting" label="not yet" />}
            <Text size="sm" c="dimmed">
              {next.ready ? `${r.version} may enter ${next.ring} now.` : `${r.version} may not enter ${next.ring} yet.`}
            </Text>
          </Group>
          {next.order !== null && (
            <Alert color="yellow" variant="light" title="Ring order">
              <Text size="sm">{next.order}</Text>
            </Alert>
          )}
          {next.verdicts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {next.ring} has no gates.
            </Text>
          ) : (
            <List listStyleType="none" spacing="xs" aria-label={`Gates of ${next.ring}`}>
              {next.verdicts.map((v) => (
                <List.Item key={v.gate}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Box miw="max-content">
                      <StateBadge state={v.status} />
                    </Box>
                    <Stack gap={0}>
                      <Code>{v.gate}</Code>
                      <Text size="sm">{v.reason}</Text>
                      {v.opensAt && (
                        <Text size="xs" c="dimmed">
                          Opens <Timestamp at={v.opensAt} />
                        </Text>
                      )}
                    </Stack>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
      {r.approvals.length > 0 && (
        <>
          <Title order={4} size="h6" mt="xs">
            Approvals
          </Title>
          <List size="sm" spacing={4} aria-label="Approvals">
            {r.approvals.map((a) => (
              <List.Item key={`${a.ring} ${a.user} ${a.at}`}>
                {displayActor(a.user)} approved for {a.ring}
                {a.roles.length > 0 && ` as ${a.roles.join(', ')}`} · <Timestamp at={a.at} />
                {a.comment && (
                  <Text span size="sm" fs="italic">
                    {' '}
                    “{a.comment}”
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

const NO_NEXT: Partial<Record<ReleaseDetail['state'], string>> = {
  draft: 'A draft: it becomes promotable once marked a candidate.',
  done: 'The release succeeded in every ring.',
  rejected: 'Rejected: it goes into no further ring.',
  withdrawn: 'Withdrawn: it goes into no further ring.',
  superseded: 'Superseded by a newer release: it goes into no further ring.',
};
