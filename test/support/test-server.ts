/**
 * For client and CLI tests: a real Ringmaster server (createTestApp on SQLite)
 * listening on a free port of 127.0.0.1.
 */
import { createTestApp } from './test-app.ts';

export interface TestServer {
  url: string;
  /** The bootstrap admin's token. */
  adminToken: string;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const t = await createTestApp('sqlite');
  const url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  return { url, adminToken: t.adminToken, close: t.cleanup };
}
