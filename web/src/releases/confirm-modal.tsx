import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../shared/error-alert.tsx';

interface ConfirmModalProps {
  opened: boolean;
  onClose(): void;
  /** Says what will happen: the dialog's accessible name. */
  title: string;
  /** Named after the action: "Promote", "Reject", … */
  confirmLabel: string;
  confirmColor?: string;
  pending: boolean;
  /** The server's refusal, shown verbatim; the dialog stays open. */
  error: unknown;
  confirmDisabled?: boolean;
  onConfirm(): void;
  children?: ReactNode;
}

/** Every release action asks first, and shows the server's answer where it was asked. */
export function ConfirmModal({ opened, onClose, title, confirmLabel, confirmColor, pending, error, confirmDisabled, onConfirm, children }: ConfirmModalProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) onConfirm();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {children}
          {error != null && <ErrorAlert error={error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={confirmColor} loading={pending} disabled={confirmDisabled}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
