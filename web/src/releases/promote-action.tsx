import { Button, Text } from '@mantine/core';
import { api, type ReleaseDetail, type RingCheck } from '../app/api.ts';
import { plural } from '../shared/format.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

/** Starts the rollout into the next ring; the server checks the ring order and gates again. */
export function PromoteAction({ release: r, next }: { release: ReleaseDetail; next: RingCheck }) {
  const action = useReleaseAction(
    r.product,
    () => api.promote(r.product, r.version, next.ring),
    (outcome) => ({
      title: outcome.retried ? `Retrying ${next.ring}` : `Promoted to ${next.ring}`,
      message: `${r.product} ${r.version} is rolling out to ${plural(outcome.rollout.targets.total, 'target')} of ${next.ring}.`,
    }),
  );
  return (
    <>
      <Button onClick={action.open}>Promote to {next.ring}</Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Promote ${r.product} ${r.version} to ${next.ring}?`}
        confirmLabel="Promote"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        onConfirm={() => action.mutation.mutate(undefined)}
      >
        <Text size="sm">
          This starts a rollout of {r.version} over the targets of {next.ring}, in the waves its rollout policy sets.
          {!next.ready && ' Not every gate passes yet: the server will refuse and say which.'}
        </Text>
      </ConfirmModal>
    </>
  );
}
