import { Button, Code, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Delivery } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { QueryView } from '../shared/query-view.tsx';

const LIMIT = 100;

/** Deliveries that gave up after their last attempt: kept to be seen, and retried by those who may change the product. */
export function FailedDeliveries({ product }: { product: string }) {
  const failed = useQuery({ queryKey: keys.failedDeliveries(product), queryFn: () => api.listDeliveries({ product, state: 'failed', limit: LIMIT }) });
  const can = useCan();
  return (
    <QueryView query={failed} label="failed deliveries">
      {(list) =>
        list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No delivery failed: every announcement got through or is still being tried.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" aria-label="Failed deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Notifier</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Error</Table.Th>
                  <Table.Th>Since</Table.Th>
                  {can('products:apply') && <Table.Th>Retry</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td maw={360}>
                      {d.event ? (
                        <Text size="sm">
                          {d.event.summary}{' '}
                          <Code fz="xs" c="dimmed">
                            {d.event.type}
                          </Code>
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          the event has left the log
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{d.notifier}</Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td maw={320}>
                      <Text size="sm" c="red" lineClamp={3} title={d.lastError ?? undefined}>
                        {d.lastError ?? '–'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Timestamp at={d.createdAt} />
                    </Table.Td>
                    {can('products:apply') && (
                      <Table.Td>
                        <RetryButton product={product} delivery={d} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryView>
  );
}

/** Tries the delivery again from now; a refusal is shown as the server said it. */
function RetryButton({ product, delivery }: { product: string; delivery: Delivery }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api.retryDelivery(delivery.id),
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Retrying', message: `The delivery to ${delivery.notifier} is tried again now.` });
      void queryClient.invalidateQueries({ queryKey: keys.product(product) });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not retried', message: error.message }),
  });
  return (
    <Button size="compact-sm" variant="light" loading={retry.isPending} onClick={() => retry.mutate()} aria-label={`Retry the delivery to ${delivery.notifier}${delivery.event ? ` of ${delivery.event.type}` : ''}`}>
      Retry
    </Button>
  );
}
