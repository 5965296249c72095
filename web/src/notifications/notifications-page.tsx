import { Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { Section } from '../releases/section.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { EmailStatus } from './email-status.tsx';
import { FailedDeliveries } from './failed-deliveries.tsx';
import { NotifierTable } from './notifier-table.tsx';

const EXAMPLE = `notify:
  - name: ops-hook
    webhook: { url: "https://hooks.example.com/ringmaster", secret: { secret: "…" } }
  - name: release-mail
    email: { to: [releases@example.com] }`;

/**
 * Who is told of a product's release dates, votes and windows: its notifiers,
 * whether each is on, what they delivered, and the deliveries that failed.
 */
export function NotificationsPage() {
  const { product } = useParams({ from: '/app/products/$product/notifications' });
  const status = useQuery({ queryKey: keys.notifiers(product), queryFn: () => api.notifiers(product) });
  const queryClient = useQueryClient();
  return (
    <Container size="xl">
      <Stack gap="md" pb="xl">
        <Group justify="space-between">
          <Title order={2}>Notifications</Title>
          {/* Deliveries are sent in the background without events of their own: their counts are read again on demand. */}
          <Button variant="default" size="xs" onClick={() => void queryClient.invalidateQueries({ queryKey: keys.product(product) })} loading={status.isFetching}>
            Refresh
          </Button>
        </Group>
        <QueryView query={status} label="notifiers">
          {({ email, notifiers }) => (
            <Stack gap="md">
              <EmailStatus email={email} />
              <Section title="Notifiers">
                {notifiers.length === 0 ? (
                  <Stack gap="xs">
                    <Text size="sm">{product} tells nobody yet. Add webhooks and email lists under <Code>notify:</Code> in the product file:</Text>
                    <Code block aria-label="Example notify section">
                      {EXAMPLE}
                    </Code>
                  </Stack>
                ) : (
                  <NotifierTable notifiers={notifiers} />
                )}
              </Section>
            </Stack>
          )}
        </QueryView>
        <Section title="Failed deliveries">
          <FailedDeliveries product={product} />
        </Section>
      </Stack>
    </Container>
  );
}
