/** What every fuzzed request's answer must be, whatever was sent. */
import assert from 'node:assert/strict';

export interface FuzzAnswer {
  status: number;
  body: unknown;
  text: string;
}

/** Never 5xx, and a refusal (4xx) in the one error shape, with a code and a message that says something. */
export function assertWellFormedAnswer(label: string, res: FuzzAnswer): void {
  assert.ok(res.status < 500, `${label} answered ${res.status}: ${res.text}`);
  if (res.status < 400) return;
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  assert.equal(typeof error?.code, 'string', `${label}: ${res.text}`);
  assert.ok(typeof error?.message === 'string' && error.message.trim().length > 0, `${label}: ${res.text}`);
}
