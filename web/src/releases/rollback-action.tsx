import { Button, Center, Loader, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type FleetFilter, type FleetRow, type ReleaseDetail, type RollbackRequest } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { ErrorAlert } from '../shared/error-alert.tsx';
import { ConfirmModal } from './confirm-modal.tsx';
import { useReleaseAction } from './use-release-action.ts';

type Scope = 'ring' | 'target';
const FLEET: FleetFilter = { limit: 1000 };

/** Puts a ring's targets, or one target, that run this release back on their last known-good release. */
export function RollbackAction({ release: r }: { release: ReleaseDetail }) {
  const [scope, setScope] = useState<Scope>('ring');
  const [ring, setRing] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useReleaseAction(
    r.product,
    (request: RollbackRequest) => api.rollback(r.product, request),
    (outcome) => ({
      title: 'Rollback started',
      message:
        outcome.moves.map((m) => `${m.target}: ${m.from} → ${m.to}`).join(', ') +
        (outcome.skipped.length > 0 ? `. Skipped: ${outcome.skipped.map((s) => `${s.target} (${s.reason})`).join(', ')}` : ''),
    }),
  );
  // Where the release runs now: only asked while the dialog is open.
  const fleet = useQuery({ queryKey: keys.fleet(r.product, FLEET), queryFn: () => api.fleet(r.product, FLEET), enabled: action.opened });
  const running = (fleet.data?.targets ?? []).filter((t) => t.release?.version === r.version);
  const rings = [...new Set(running.map((t) => t.ring))];
  const chosenRing = ring !== null && rings.includes(ring) ? ring : (rings[0] ?? null);
  const chosenTarget = target !== null && running.some((t) => t.name === target) ? target : (running[0]?.name ?? null);
  const choice = scope === 'ring' ? chosenRing : chosenTarget;

  const open = () => {
    setReason('');
    action.open();
  };
  const confirm = () => {
    if (choice === null) return;
    const why = reason.trim() === '' ? {} : { reason: reason.trim() };
    action.mutation.mutate(scope === 'ring' ? { ring: choice, release: r.version, ...why } : { target: choice, ...why });
  };

  return (
    <>
      <Button color="orange" variant="light" onClick={open}>
        Roll back…
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Roll back ${r.product} ${r.version}?`}
        confirmLabel="Roll back"
        confirmColor="orange"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        confirmDisabled={choice === null}
        onConfirm={confirm}
      >
        <Text size="sm">The chosen targets go back to their last known-good release: the newest older release that once deployed there successfully.</Text>
        <RollbackChoice
          loading={fleet.isPending}
          error={fleet.error}
          version={r.version}
          running={running}
          scope={scope}
          onScope={setScope}
          rings={rings}
          ring={chosenRing}
          onRing={setRing}
          target={chosenTarget}
          onTarget={setTarget}
        />
        <Textarea label="Reason" description="Optional; recorded with the rollback" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
      </ConfirmModal>
    </>
  );
}

interface ChoiceProps {
  loading: boolean;
  error: unknown;
  version: string;
  running: FleetRow[];
  scope: Scope;
  onScope(scope: Scope): void;
  rings: string[];
  ring: string | null;
  onRing(ring: string | null): void;
  target: string | null;
  onTarget(target: string | null): void;
}

function RollbackChoice({ loading, error, version, running, scope, onScope, rings, ring, onRing, target, onTarget }: ChoiceProps) {
  if (loading) {
    return (
      <Center py="sm">
        <Loader size="sm" aria-label="Loading the targets" />
      </Center>
    );
  }
  if (error) return <ErrorAlert error={error} />;
  if (running.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No target runs {version} now: there is nothing to roll back.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Roll back"
        value={scope}
        onChange={(value) => onScope(value as Scope)}
        data={[
          { value: 'ring', label: 'A whole ring' },
          { value: 'target', label: 'One target' },
        ]}
      />
      {scope === 'ring' ? (
        <Select
          label="Ring"
          description={`Every target of the ring that runs ${version}`}
          data={rings.map((name) => ({ value: name, label: `${name} (${running.filter((t) => t.ring === name).length} running ${version})` }))}
          value={ring}
          onChange={onRing}
          allowDeselect={false}
        />
      ) : (
        <Select
          label="Target"
          description={`Targets that run ${version}, with the release each would go back to`}
          searchable
          data={running.map((t) => ({ value: t.name, label: `${t.name} (${t.ring}) → ${t.previousGood ?? 'no earlier good release'}` }))}
          value={target}
          onChange={onTarget}
          allowDeselect={false}
        />
      )}
    </Stack>
  );
}
