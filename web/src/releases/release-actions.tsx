import { Group } from '@mantine/core';
import type { ReleaseDetail } from '../app/api.ts';
import { useCan } from '../app/session.ts';
import { ApproveAction } from './approve-action.tsx';
import { PromoteAction } from './promote-action.tsx';
import { RejectAction } from './reject-action.tsx';
import { RollbackAction } from './rollback-action.tsx';

/** The actions the signed-in user may take on this release now; the others are not offered. */
export function ReleaseActions({ release: r }: { release: ReleaseDetail }) {
  const can = useCan();
  const next = r.next;
  const needsApproval = next?.verdicts.some((v) => v.kind === 'approval') ?? false;
  const canReject = r.state !== 'rejected' && r.state !== 'withdrawn';
  const runsSomewhere = r.rings.some((ring) => ring.state !== null);
  return (
    <Group gap="sm" role="group" aria-label="Release actions">
      {next && can('releases:promote') && <PromoteAction release={r} next={next} />}
      {next && needsApproval && can('releases:approve') && <ApproveAction release={r} next={next} />}
      {runsSomewhere && can('releases:rollback') && <RollbackAction release={r} />}
      {canReject && can('releases:reject') && <RejectAction release={r} />}
    </Group>
  );
}
