/**
 * For tests: a real Ringmaster server in this process, on SQLite in a
 * throwaway folder, listening on a free port of 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app/create-app.ts';
import { loadConfig } from '../platform/config/config.ts';

export interface TestServer {
  url: string;
  /** The bootstrap admin's token. */
  adminToken: string;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ringmaster-test-'));
  const app = await createApp(loadConfig({ RINGMASTER_LOG_LEVEL: 'silent' }, { dataDir, port: '0' }));
  const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  if (!app.adminToken) throw new Error('a fresh database should have bootstrapped an admin token');
  return {
    url,
    adminToken: app.adminToken,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
