/** The real `bin/ringmaster` script, spawned: proves the shell shim and main.ts work end to end. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';

const BIN = fileURLToPath(new URL('../../bin/ringmaster', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Asynchronous on purpose: the server answering the child runs in this process.
const run = promisify(execFile);

describe('bin/ringmaster', () => {
  let server: TestServer;
  let home: string;

  before(async () => {
    server = await startTestServer();
    home = await mkdtemp(join(tmpdir(), 'ringmaster-bin-'));
  });
  after(async () => {
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  // A PATH without the pinned Node proves the script finds it on its own.
  const env = () => ({ PATH: '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: server.adminToken });

  it('applies a product file and lists it, with clean output', async () => {
    const applied = await run(BIN, ['apply', '-f', 'examples/maya-online.yaml'], { cwd: ROOT, env: env() });
    assert.match(applied.stdout, /applied maya-online: 25 created\n$/);
    assert.equal(applied.stderr, '');
    const listed = await run(BIN, ['get', 'products', '--json'], { cwd: ROOT, env: env() });
    assert.deepEqual((JSON.parse(listed.stdout) as { products: { name: string }[] }).products.map((p) => p.name), ['maya-online']);
    assert.equal(listed.stderr, '');
  });

  it('exits 1 with the error on stderr', async () => {
    const failure = await run(BIN, ['apply', '-f', 'examples/invalid/cycle.yaml'], { cwd: ROOT, env: env() }).then(
      () => assert.fail('should have failed'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal(failure.code, 1);
    assert.equal(failure.stdout, '');
    assert.match(failure.stderr, /^examples\/invalid\/cycle\.yaml:\d+:\d+ .*dependency cycle: api → worker → api\n$/);
  });
});
