import { Alert, Text } from '@mantine/core';
import type { NotifierStatus } from '../app/api.ts';

/** Whether the server sends email, and if not, why in the server's words (which settings are missing). */
export function EmailStatus({ email }: { email: NotifierStatus['email'] }) {
  if (email.enabled) {
    return (
      <Alert color="green" variant="light" title="Email is on" role="status">
        <Text size="sm">Email notifiers send through {email.server ?? 'the configured mail server'}.</Text>
      </Alert>
    );
  }
  return (
    <Alert color="yellow" variant="light" title="Email is off" role="status">
      <Text size="sm">{email.reason ?? 'The server has no mail settings.'}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        Email notifiers stay switched off until then; webhooks and everything else work as usual.
      </Text>
    </Alert>
  );
}
