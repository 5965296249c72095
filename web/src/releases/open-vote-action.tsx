import { Button, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, type VoteRing } from '../app/api.ts';
import { describeSeconds } from '../rings/describe-gate.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

/** Opens a ring's Go/No-Go by hand (the train opens it at its vote time); optionally closing at a chosen moment. */
export function OpenVoteAction({ product, version, ring, deadlineSeconds }: { product: string; version: string; ring: VoteRing; deadlineSeconds: number | null }) {
  const [closesAt, setClosesAt] = useState('');
  const action = useReleaseAction(
    product,
    (local: string) => api.openVote(product, version, ring.ring, local === '' ? undefined : new Date(local).toISOString()),
    () => ({ title: 'Vote opened', message: `The Go/No-Go on ${version} for ${ring.ring} takes ballots now.` }),
  );
  const open = () => {
    setClosesAt('');
    action.open();
  };
  const invalid = closesAt !== '' && Number.isNaN(Date.parse(closesAt));
  return (
    <>
      <Button variant="light" onClick={open}>
        Open vote…
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Open the Go/No-Go on ${product} ${version} for ${ring.ring}?`}
        confirmLabel="Open vote"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        confirmDisabled={invalid}
        onConfirm={() => action.mutation.mutate(closesAt)}
      >
        <Text size="sm">
          {ring.roles.join(', ')} vote; {ring.veto.length > 0 ? `a no-go from ${ring.veto.join(' or ')} stops the release` : 'no role has a veto'}.
          {deadlineSeconds !== null ? ` The vote closes ${describeSeconds(deadlineSeconds)} after it opens, or earlier at the time below.` : ' Without a closing time it has no deadline.'}
        </Text>
        <TextInput
          label="Closes at"
          description="Optional, in your own time zone"
          type="datetime-local"
          value={closesAt}
          onChange={(e) => setClosesAt(e.currentTarget.value)}
          error={invalid ? 'Not a date and time' : undefined}
          data-autofocus
        />
      </ConfirmModal>
    </>
  );
}
