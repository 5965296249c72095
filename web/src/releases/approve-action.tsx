import { Button, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, type ReleaseDetail, type RingCheck } from '../app/api.ts';
import { displayActor } from './actor.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

/** Counts the signed-in user's approval towards the next ring's approval gates. */
export function ApproveAction({ release: r, next }: { release: ReleaseDetail; next: RingCheck }) {
  const [comment, setComment] = useState('');
  const action = useReleaseAction(
    r.product,
    (text: string) => api.approveRelease(r.product, r.version, next.ring, text.trim() === '' ? undefined : text.trim()),
    (approval) => ({ title: `Approved for ${next.ring}`, message: `${displayActor(approval.user)} approved ${r.product} ${r.version} for ${next.ring}.` }),
  );
  const open = () => {
    setComment('');
    action.open();
  };
  return (
    <>
      <Button variant="light" onClick={open}>
        Approve for {next.ring}
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Approve ${r.product} ${r.version} for ${next.ring}?`}
        confirmLabel="Approve"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        onConfirm={() => action.mutation.mutate(comment)}
      >
        <Text size="sm">Your approval counts towards the approval gates of {next.ring} that name a role you hold.</Text>
        <Textarea label="Comment" description="Optional; kept with the approval" value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} maxLength={2000} data-autofocus />
      </ConfirmModal>
    </>
  );
}
