import { Button, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, type ReleaseDetail } from '../app/api.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

/** Stops the release for good, with the reason everyone will read. */
export function RejectAction({ release: r }: { release: ReleaseDetail }) {
  const [reason, setReason] = useState('');
  const action = useReleaseAction(
    r.product,
    (text: string) => api.rejectRelease(r.product, r.version, text),
    () => ({ title: 'Release rejected', message: `${r.product} ${r.version} is stopped wherever it was.` }),
  );
  const open = () => {
    setReason('');
    action.open();
  };
  return (
    <>
      <Button color="red" variant="light" onClick={open}>
        Reject…
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Reject ${r.product} ${r.version}?`}
        confirmLabel="Reject"
        confirmColor="red"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        confirmDisabled={reason.trim() === ''}
        onConfirm={() => action.mutation.mutate(reason.trim())}
      >
        <Text size="sm">Its rollouts stop, and it is never promoted nor rolled back to again. This cannot be undone.</Text>
        <Textarea label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={3} maxLength={2000} data-autofocus />
      </ConfirmModal>
    </>
  );
}
