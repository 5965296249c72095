import { Divider, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { api, type ReleaseDetail, type VoteRing } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { useSignedInPerson } from '../app/use-signed-in-person.ts';
import { useNow } from '../deployments/use-now.ts';
import { useRings } from '../rings/use-rings.ts';
import { QueryView } from '../shared/query-view.tsx';
import { OpenVoteAction } from './open-vote-action.tsx';
import { isOver } from './release-editing.ts';
import { VoteAction } from './vote-action.tsx';
import { VoteRingView } from './vote-ring.tsx';
import { ballotRoles, roundState } from './vote-words.ts';

/** The Go/No-Go of each ring with a vote gate: the roles' votes, the decision, and Vote / Open vote for those who may. */
export function ReleaseVote({ release: r }: { release: ReleaseDetail }) {
  const votes = useQuery({ queryKey: keys.votes(r.product, r.version), queryFn: () => api.listVotes(r.product, r.version) });
  return (
    <QueryView query={votes} label="votes">
      {(rings) =>
        rings.length === 0 ? (
          <Text size="sm" c="dimmed">
            No ring of {r.product} has a Go/No-Go vote gate.
          </Text>
        ) : (
          <Stack gap="lg">
            {rings.map((ring, i) => (
              <Fragment key={ring.ring}>
                {i > 0 && <Divider />}
                <VoteRingWithActions release={r} ring={ring} />
              </Fragment>
            ))}
          </Stack>
        )
      }
    </QueryView>
  );
}

function VoteRingWithActions({ release: r, ring }: { release: ReleaseDetail; ring: VoteRing }) {
  const can = useCan();
  // The server lists who may vote as each role (the product file's names and the role's own holders).
  const person = useSignedInPerson();
  const rings = useRings(r.product);
  // Re-read the clock each second only while the round is open and has a close: it closes by itself.
  const now = useNow(ring.openedAt !== null && ring.decision === null && ring.closesAt !== null);
  const state = roundState(ring, now);
  const mine = ballotRoles(ring, person === null ? [] : ring.roles.filter((role) => ring.holders[role]?.includes(person)));
  const gate = rings.data?.find((x) => x.name === ring.ring)?.gates.find((g) => g.kind === 'vote');
  const live = !isOver(r.state);
  const actions = (
    <>
      {live && state === 'open' && can('releases:vote') && mine.roles.length > 0 && <VoteAction product={r.product} version={r.version} ring={ring} roles={mine.roles} />}
      {live && state === 'not-open' && can('releases:promote') && (
        <OpenVoteAction product={r.product} version={r.version} ring={ring} deadlineSeconds={gate?.kind === 'vote' ? gate.deadlineSeconds : null} />
      )}
    </>
  );
  return <VoteRingView ring={ring} state={state} actions={actions} />;
}
