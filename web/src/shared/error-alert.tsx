import { Alert, List, Text } from '@mantine/core';
import { ApiConnectionError, ApiError } from '../app/api.ts';

/**
 * An error as the server said it: its message verbatim, and its details (the
 * gate verdicts of a refused promotion, the fields of a refused form) listed.
 */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  // A multi-line message already spells its details out (a refused promotion lists its gates).
  const details = error instanceof ApiError && !message.includes('\n') ? error.details.map(describeDetail).filter((d) => d !== null) : [];
  const heading = title ?? (error instanceof ApiConnectionError ? 'Cannot reach Ringmaster' : error instanceof ApiError ? refusalTitle(error.status) : 'Something went wrong');
  return (
    <Alert color="red" title={heading} role="alert" variant="light">
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {message}
      </Text>
      {details.length > 0 && (
        <List size="sm" mt="xs" spacing={2}>
          {details.map((detail, i) => (
            <List.Item key={i}>{detail}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function refusalTitle(status: number): string {
  if (status === 401) return 'Signed out';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 409) return 'Refused';
  if (status >= 500) return 'The server failed';
  return 'Refused';
}

/**
 * Details are objects like { gate, status, reason } or { field, message }: shown as "gate: reason".
 * A bare { field } only points at the field the message already names: not listed.
 */
function describeDetail(detail: Record<string, unknown>): string | null {
  const label = detail['gate'] ?? detail['field'] ?? detail['name'];
  const text = detail['reason'] ?? detail['message'] ?? detail['status'];
  if (label !== undefined && text !== undefined) {
    const status = detail['gate'] !== undefined && detail['status'] !== undefined ? ` (${String(detail['status'])})` : '';
    return `${String(label)}${status}: ${String(text)}`;
  }
  if (detail['field'] !== undefined && text === undefined) return null;
  return JSON.stringify(detail);
}
