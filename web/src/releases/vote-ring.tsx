import { Alert, Badge, Box, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { VoteRing } from '../app/api.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { BallotHistory } from './ballot-history.tsx';
import { GateVerdictLine } from './gate-verdict-line.tsx';
import { describeRound, describeTally, roleVotes, type RoundState } from './vote-words.ts';

/** One ring's Go/No-Go: who votes, the round's times, each role's vote that counts, the decision and the verdict. */
export function VoteRingView({ ring, state, actions }: { ring: VoteRing; state: RoundState; actions: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-label={`Go/No-Go for ${ring.ring}`}>
      <Group justify="space-between" align="center">
        <Title order={4}>{ring.ring}</Title>
        <Group gap="sm">{actions}</Group>
      </Group>
      <GateVerdictLine verdict={ring.verdict} />
      <Text size="sm">
        Voting roles:{' '}
        {ring.roles.map((role, i) => (
          <Text span size="sm" key={role}>
            {i > 0 && ', '}
            {role}
            {ring.veto.includes(role) && (
              <Badge size="xs" color="red" variant="outline" radius="sm" ml={4}>
                veto
              </Badge>
            )}
          </Text>
        ))}{' '}
        · quorum: {ring.quorum >= ring.roles.length ? `go from all ${ring.roles.length}` : `${ring.quorum} of ${ring.roles.length} go`}
      </Text>
      <Round ring={ring} state={state} />
      {ring.decision !== null && (
        <Alert color={ring.decision === 'go' ? 'green' : 'red'} variant="light" title={`Decision: ${ring.decision}`}>
          {ring.decisionReason && <Text size="sm">{ring.decisionReason}</Text>}
          <Text size="xs" c="dimmed" mt={4}>
            <Timestamp at={ring.decidedAt} />
          </Text>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={6} aria-label={`Votes on ${ring.ring}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>Vote</Table.Th>
              <Table.Th>Voter</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roleVotes(ring).map(({ role, veto, ballot }) => (
              <Table.Tr key={role}>
                <Table.Td fw={500}>
                  {role}
                  {veto && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (veto)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Box miw="max-content">{ballot ? <StateBadge state={ballot.vote} /> : <StateBadge state="never" label="not voted" />}</Box>
                </Table.Td>
                <Table.Td>{ballot ? ballot.user : <Text span c="dimmed">–</Text>}</Table.Td>
                <Table.Td maw={420}>
                  {ballot?.reason ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                      {ballot.reason}
                    </Text>
                  ) : (
                    <Text span c="dimmed">–</Text>
                  )}
                </Table.Td>
                <Table.Td>{ballot ? <Timestamp at={ballot.at} /> : <Text span c="dimmed">–</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        {describeTally(ring)}
      </Text>
      <BallotHistory ring={ring.ring} ballots={ring.ballots} />
    </Stack>
  );
}

function Round({ ring, state }: { ring: VoteRing; state: RoundState }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{describeRound(state)}</Text>
      {ring.openedAt !== null && (
        <Text size="sm" c="dimmed">
          Opened <Timestamp at={ring.openedAt} />
          {ring.openedBy && ` by ${ring.openedBy.replace(/^user:/, '')}`}
          {ring.closesAt !== null && (
            <>
              {' · '}
              {state === 'open' ? 'closes' : 'closed'} <Timestamp at={ring.closesAt} />
            </>
          )}
        </Text>
      )}
    </Stack>
  );
}
