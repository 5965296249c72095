/** `enrolment create` in-process through runCli against a real server, and the code it prints enrolling an agent. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { type ApiClient, createApiClient } from '../../client/api-client.ts';
import { runCli } from '../run-cli.ts';

const PRODUCT = `product: site
components: [{ name: api }]
rings: [{ name: on-premises }]
targets:
  - name: acme
    ring: on-premises
    delivery: pull
  - name: hosted
    ring: on-premises
    deploy: { command: "true" }
`;

describe('enrolment create', () => {
  let server: TestServer;
  let client: ApiClient;
  let devToken: string;

  before(async () => {
    server = await startTestServer();
    client = createApiClient({ baseUrl: server.url, token: server.adminToken });
    await client.applyProduct({ source: PRODUCT, fileName: 'site.yaml', dryRun: false });
    await client.createUser({ name: 'dana', role: 'developer' });
    devToken = (await client.createToken({ name: 'dana-cli', kind: 'user', user: 'dana' })).secret;
  });
  after(() => server.close());

  async function cli(args: string[], token = server.adminToken) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: token },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([]),
      cwd: process.cwd(),
    });
    return { code, stdout, stderr };
  }

  it('prints the code alone on stdout, and on stderr its expiry and the agent command; the code enrols once', async () => {
    const startedAt = Date.now();
    const run = await cli(['enrolment', 'create', 'site', 'acme', '--expires', '2h']);
    assert.equal(run.code, 0, run.stderr);
    const code = run.stdout.trim();
    assert.match(run.stdout, /^rme_[A-Za-z0-9_-]+\n$/);
    const expiry = /until (\S+)\n/.exec(run.stderr)?.[1];
    assert.ok(expiry, run.stderr);
    const lifetime = Date.parse(expiry) - startedAt;
    assert.ok(lifetime > 7_190_000 && lifetime <= 7_205_000, `--expires 2h gave ${lifetime} ms`);
    assert.equal(
      run.stderr,
      `created an enrolment code for the agent of site/acme; it works once, until ${expiry}\n` +
        'On the target, enrol and start the agent with:\n' +
        `  ringmaster agent --server ${server.url} --enrol ${code} --work-dir <dir>\n`,
    );

    const enrolled = await createApiClient({ baseUrl: server.url }).enrol(code, 'acme-host');
    assert.equal(enrolled.target, 'acme');
    await assert.rejects(createApiClient({ baseUrl: server.url }).enrol(code), /invalid, used or expired/);
  });

  it('defaults to a day, and answers --json with the code and its expiry', async () => {
    const startedAt = Date.now();
    const run = await cli(['enrolment', 'create', 'site', 'acme', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout) as { code: string; product: string; target: string; expiresAt: string };
    assert.deepEqual({ product: body.product, target: body.target }, { product: 'site', target: 'acme' });
    assert.match(body.code, /^rme_/);
    const lifetime = Date.parse(body.expiresAt) - startedAt;
    assert.ok(lifetime > 86_390_000 && lifetime <= 86_405_000, `the default gave ${lifetime} ms`);
    assert.equal(run.stderr, '');
  });

  it("refuses a push target with the server's message, and an unknown one", async () => {
    const before = (await client.listEvents({ type: 'agent.' })).events.length;
    const push = await cli(['enrolment', 'create', 'site', 'hosted']);
    assert.equal(push.code, 1);
    assert.equal(push.stdout, '');
    assert.match(push.stderr, /^error: target 'hosted' is delivered by push: agents serve pull targets \(delivery: pull in the product file\)/);
    const missing = await cli(['enrolment', 'create', 'site', 'nowhere']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: target 'nowhere' does not exist in product 'site'/);
    assert.equal((await client.listEvents({ type: 'agent.' })).events.length, before, 'a refusal records nothing');
  });

  it('refuses a bad or out-of-range duration as a usage error, before asking the server', async () => {
    for (const [expires, message] of [
      ['soon', /expected a duration like 90m, 12h or 30d/],
      ['0s', /expected a duration/],
      ['30s', /expected a lifetime from 1m to 30d/],
      ['31d', /expected a lifetime from 1m to 30d/],
    ] as const) {
      const run = await cli(['enrolment', 'create', 'site', 'acme', '--expires', expires]);
      assert.equal(run.code, 2, `${expires}: ${run.stderr}`);
      assert.match(run.stderr, /^error: option '--expires <duration>' argument '[^']+' is invalid/, expires);
      assert.match(run.stderr, message, expires);
      assert.equal(run.stdout, '');
    }
  });

  it('is refused to a non-admin', async () => {
    const before = (await client.listEvents({ type: 'agent.' })).events.length;
    const run = await cli(['enrolment', 'create', 'site', 'acme'], devToken);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: role 'developer' may not /);
    assert.equal((await client.listEvents({ type: 'agent.' })).events.length, before);
  });
});
