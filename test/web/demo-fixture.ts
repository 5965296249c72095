/**
 * The daily-train demo product behind a live server, for the browser tests:
 * its real deploy scripts in a scratch folder, Alice the release manager and
 * Vic the viewer with passwords, and two releases already on dev.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import type { DialectName } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const example = join(import.meta.dirname, '..', '..', 'examples', 'daily-train');
export const PRODUCT = 'daily-train';
export const PASSWORD = 'a long browser passphrase';

export interface DemoServer {
  t: TestApp;
  base: string;
  call: ReturnType<typeof apiCalls>['call'];
  ok: ReturnType<typeof apiCalls>['ok'];
  /** Waits until the release's rollout in `ring` reaches `state` (the worker runs the real scripts). */
  waitForRing(version: string, ring: string, state: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoServer(dialect: DialectName): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rm-web-demo-'));
  cpSync(join(example, 'deploy'), join(dir, 'deploy'), { recursive: true });
  const t = await createTestApp(dialect, { deployDir: dir });
  const base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  const { call, ok } = apiCalls(() => t);

  await ok('POST', '/api/products/apply', { source: readFileSync(join(example, 'ringmaster.yaml'), 'utf8'), fileName: 'ringmaster.yaml' });
  await ok('POST', '/api/users', { name: 'alice', role: 'release-manager', password: PASSWORD });
  await ok('POST', '/api/users', { name: 'vic', role: 'viewer', password: PASSWORD });
  // 2.3.0 meets internal's quality bar; 2.4.0's coverage (61%) does not.
  for (const [version, coverage] of [['2.3.0', 92], ['2.4.0', 61]] as const) {
    for (const component of ['api', 'worker', 'web']) await ok('POST', `/api/products/${PRODUCT}/builds`, buildBody(component, version, { coverage }));
    await ok('POST', `/api/products/${PRODUCT}/releases`, { version, builds: { api: version, worker: version, web: version } });
  }

  const waitForRing = async (version: string, ring: string, state: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const release = (await ok('GET', `/api/products/${PRODUCT}/releases/${version}`)) as Json;
      const progress = (release['rings'] as { ring: string; state: string | null }[]).find((r) => r.ring === ring);
      if (progress?.state === state) return;
      if (Date.now() > deadline) throw new Error(`${version} in ${ring} is ${progress?.state ?? 'not started'}, not ${state}, after 60 s`);
      await t.app.worker.settle();
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    t,
    base,
    call,
    ok,
    waitForRing,
    async stop() {
      await t.cleanup();
      // The deploy scripts start each target's little HTTP service; stop them with the folder.
      for (const site of safeList(join(dir, 'sites'))) {
        const pid = Number(safeRead(join(dir, 'sites', site, 'pid')));
        if (Number.isInteger(pid) && pid > 0) {
          try {
            process.kill(pid);
          } catch {
            // already gone
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
