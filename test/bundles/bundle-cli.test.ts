/**
 * `ringmaster bundle` and `ringmaster report` end to end, in-process: runCli
 * against a real server, and the agent's offline mode installing the bundle.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type ApiClient, createApiClient } from '../../src/client/api-client.ts';
import { readBundle } from '../../src/bundles/bundle-format.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { buildBody } from '../engine/engine-fixture.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const INSTALL = 'echo "$RINGMASTER_COMPONENT $RINGMASTER_VERSION licence $LICENCE" >> installed.txt';
const PRODUCT = `product: site
components:
  - name: db
    metadata: { runbook: "Back up the database first." }
  - name: api
    dependsOn: [db]
rings:
  - name: on-premises
targets:
  - name: acme
    ring: on-premises
    delivery: pull
    deploy: { command: ${JSON.stringify(INSTALL)}, verify: "grep -q \\"$RINGMASTER_COMPONENT\\" installed.txt" }
    config:
      LICENCE: { secret: "acme-licence-9f3" }
  - name: globex
    ring: on-premises
    delivery: pull
    deploy: { command: "exit 4" }
`;

const LIMIT = { timeout: 60_000 };

describe('bundle and report commands', () => {
  let server: TestServer;
  let client: ApiClient;
  let dir: string;
  let devToken: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rm-bundle-cli-'));
    server = await startTestServer();
    client = createApiClient({ baseUrl: server.url, token: server.adminToken });
    await client.applyProduct({ source: PRODUCT, fileName: 'site.yaml', dryRun: false });
    for (const c of ['db', 'api']) await client.registerBuild('site', buildBody(c, '2.3.0') as never);
    await client.createRelease('site', { version: '2.3.0', latest: true } as never);
    await client.createUser({ name: 'dana', role: 'developer' });
    devToken = (await client.createToken({ name: 'dana-cli', kind: 'user', user: 'dana' })).secret;
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: server.adminToken, ...env },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([]),
      cwd: dir,
    });
    return { code, stdout, stderr };
  }

  it('says what to do when the release is not due on the target yet', LIMIT, async () => {
    const run = await cli(['bundle', 'export', 'site', '2.3.0', '--target', 'acme']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: 2\.3\.0 is not being deployed to acme: promote 2\.3\.0 to on-premises first/);
    assert.ok(!existsSync(join(dir, 'site-2.3.0-acme.rmbundle')));
  });

  it('exports a bundle, verified, and the server key; only with bundles:manage', LIMIT, async () => {
    await client.promote('site', '2.3.0', 'on-premises');
    const denied = await cli(['bundle', 'export', 'site', '2.3.0', '--target', 'acme'], { RINGMASTER_TOKEN: devToken });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /role 'developer' may not export offline bundles and import their results/);

    const run = await cli(['bundle', 'export', 'site', '2.3.0', '--target', 'acme']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote site-2\.3\.0-acme\.rmbundle \(\d+ bytes\): site 2\.3\.0 for acme, deployment [0-9a-f-]{36}\n {2}installs db 2\.3\.0, api 2\.3\.0\n {2}signed by the server key [0-9a-f]{64}\n$/);
    assert.match(run.stderr, /secret configuration in plain text/);
    const path = join(dir, 'site-2.3.0-acme.rmbundle');
    assert.equal(statSync(path).mode & 0o777, 0o600);

    const key = await cli(['bundle', 'key', '-o', 'server-key.pem']);
    assert.equal(key.code, 0, key.stderr);
    const { fingerprint } = await client.serverKey();
    assert.equal(key.stdout, `wrote server-key.pem: the server's public key, fingerprint ${fingerprint}\n`);
    const printed = await cli(['bundle', 'key']);
    assert.equal(printed.stdout, readFileSync(join(dir, 'server-key.pem'), 'utf8'));
    assert.equal(printed.stderr, `fingerprint ${fingerprint}\n`);

    const bundle = await readBundle(path, readFileSync(join(dir, 'server-key.pem'), 'utf8'));
    assert.match(bundle.runbook, /Back up the database first\./);
    assert.match(bundle.runbook, /LICENCE: \(secret/);
    assert.ok(!bundle.runbook.includes('acme-licence-9f3'));
  });

  it('installs the bundle with the agent at the site, and records its result once', LIMIT, async () => {
    const site = join(dir, 'site');
    mkdirSync(site);
    const install = await cli(['agent', '--offline-bundle', 'site-2.3.0-acme.rmbundle', '--server-key', 'server-key.pem', '--work-dir', site], { RINGMASTER_SERVER: '', RINGMASTER_TOKEN: '' });
    assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
    assert.equal(readFileSync(join(site, 'installed.txt'), 'utf8'), 'db 2.3.0 licence acme-licence-9f3\napi 2.3.0 licence acme-licence-9f3\n');
    const resultFile = 'site-2.3.0-acme.rmbundle.result.json';
    assert.ok(existsSync(join(dir, resultFile)), install.stdout);

    const run = await cli(['report', 'import', resultFile]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^recorded site 2\.3\.0 on acme: succeeded \(deployment [0-9a-f-]{36}\)\n {2}db: succeeded\n {2}api: succeeded\n {2}health: /);
    const fleet = await client.fleet('site', { q: 'acme' });
    assert.equal(fleet.targets[0]!.release?.version, '2.3.0');
    const log = await client.deploymentLog(fleet.targets[0]!.lastDeployment!.id);
    assert.ok(!log.chunks.map((c) => c.text).join('').includes('acme-licence-9f3'), 'secrets masked in the recorded log');

    const again = await cli(['report', 'import', resultFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already recorded/);
  });

  it('refuses a changed result file, and one that is no result file, before or at the server', LIMIT, async () => {
    const bundleRun = await cli(['bundle', 'export', 'site', '2.3.0', '--target', 'globex', '-o', 'globex.rmbundle']);
    assert.equal(bundleRun.code, 0, bundleRun.stderr);
    const site = join(dir, 'globex');
    mkdirSync(site);
    const install = await cli(['agent', '--offline-bundle', 'globex.rmbundle', '--server-key', 'server-key.pem', '--work-dir', site, '--result', 'globex.json'], { RINGMASTER_SERVER: '', RINGMASTER_TOKEN: '' });
    assert.equal(install.code, 1, 'a failed install exits 1, with its result written');
    const file = JSON.parse(readFileSync(join(dir, 'globex.json'), 'utf8'));
    assert.equal(file.result.state, 'failed');
    writeFileSync(join(dir, 'forged.json'), JSON.stringify({ ...file, result: { ...file.result, state: 'succeeded', error: null, steps: file.result.steps.map((s: { state: string }) => ({ ...s, state: 'succeeded' })) } }));
    const forged = await cli(['report', 'import', 'forged.json']);
    assert.equal(forged.code, 1);
    assert.match(forged.stderr, /signature does not match/);

    writeFileSync(join(dir, 'junk.json'), '{"format":"ringmaster-offline-result/1","result":{}}');
    const junk = await cli(['report', 'import', 'junk.json']);
    assert.equal(junk.code, 1);
    assert.match(junk.stderr, /error: junk\.json: the result file is not a valid offline result/);
    const missing = await cli(['report', 'import', 'nothing.json']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read nothing\.json/);

    const real = await cli(['report', 'import', 'globex.json']);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /recorded site 2\.3\.0 on globex: failed/);
  });
});
