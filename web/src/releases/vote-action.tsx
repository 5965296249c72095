import { Button, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, type CastVote, type VoteRing } from '../app/api.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

type Choice = CastVote['vote'];

interface Props {
  product: string;
  version: string;
  ring: VoteRing;
  /** The voting roles the signed-in person holds; one must be picked when there are several. */
  roles: string[];
}

/** Casts go or no-go for a voting role the user holds; a no-go needs a reason. The latest ballot counts until the vote closes. */
export function VoteAction({ product, version, ring, roles }: Props) {
  const [vote, setVote] = useState<Choice>('go');
  const [reason, setReason] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const action = useReleaseAction(
    product,
    (ballot: CastVote) => api.castVote(product, version, ring.ring, ballot),
    (_, ballot) => ({ title: `Voted ${ballot.vote}`, message: `Your ${ballot.vote} counts for ${ballot.role ?? roles[0] ?? 'your role'} on ${version} in ${ring.ring}.` }),
  );
  const chosenRole = role !== null && roles.includes(role) ? role : roles.length === 1 ? (roles[0] ?? null) : null;
  const open = () => {
    setVote('go');
    setReason('');
    setRole(null);
    action.open();
  };
  const submit = () =>
    action.mutation.mutate({
      vote,
      ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
      ...(chosenRole === null ? {} : { role: chosenRole }),
    });
  return (
    <>
      <Button onClick={open}>Vote…</Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Go/No-Go: ${product} ${version} for ${ring.ring}`}
        confirmLabel={vote === 'go' ? 'Vote go' : 'Vote no-go'}
        confirmColor={vote === 'go' ? 'green' : 'red'}
        pending={action.mutation.isPending}
        error={action.mutation.error}
        confirmDisabled={roles.length > 1 && chosenRole === null}
        onConfirm={submit}
      >
        <Stack gap="sm">
          {roles.length > 1 ? (
            <Select label="Vote as" description="You hold several voting roles: each votes on its own" data={roles} value={chosenRole} onChange={setRole} allowDeselect={false} placeholder="Choose a role" />
          ) : (
            <Text size="sm">
              You vote as {roles[0]}
              {ring.veto.includes(roles[0] ?? '') ? ', a veto role: your no-go alone stops the release.' : '.'} Your latest ballot counts until the vote closes.
            </Text>
          )}
          <SegmentedControl
            aria-label="Vote"
            value={vote}
            onChange={(value) => setVote(value as Choice)}
            data={[
              { value: 'go', label: 'Go' },
              { value: 'no-go', label: 'No-Go' },
            ]}
            color={vote === 'go' ? 'green' : 'red'}
          />
          <Textarea
            label="Reason"
            description={vote === 'no-go' ? 'Required for a no-go: what must change for a go' : 'Optional for a go'}
            // Marked, not enforced by the browser: the server's refusal says what is missing.
            withAsterisk={vote === 'no-go'}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            data-autofocus
          />
        </Stack>
      </ConfirmModal>
    </>
  );
}
