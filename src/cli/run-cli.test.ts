/**
 * The CLI end to end, in-process: runCli against a real server, with the
 * saved login in a temporary XDG_CONFIG_HOME.
 */
import { freePort } from '../../test/support/free-port.ts';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';
import { runCli } from './run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('ringmaster CLI', () => {
  let server: TestServer;
  let home: string;
  let configHome: string;

  before(async () => {
    server = await startTestServer();
    home = await mkdtemp(join(tmpdir(), 'ringmaster-cli-'));
    configHome = join(home, 'config');
  });
  after(async () => {
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  async function cli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { HOME: home, XDG_CONFIG_HOME: configHome, ...options.env },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      cwd: ROOT,
    });
    return { code, stdout, stderr };
  }

  /** A command that must succeed: its stdout. */
  async function ok(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<string> {
    const run = await cli(args, options);
    assert.equal(run.code, 0, `ringmaster ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  it('says how to log in when there is no saved login and no environment', async () => {
    const run = await cli(['get', 'products']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'error: not logged in: run `ringmaster login` or set RINGMASTER_SERVER and RINGMASTER_TOKEN\n');
  });

  it('logs in with a token, saves it privately, and uses it for later commands', async () => {
    const out = await ok(['login', '--server', `${server.url}/`, '--token', server.adminToken]);
    assert.equal(out, `logged in to ${server.url} as user:admin (role admin)\n`);
    const file = join(configHome, 'ringmaster', 'config.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { server: server.url, token: server.adminToken });

    assert.equal(await ok(['get', 'products']), 'no products yet: apply one with `ringmaster apply -f FILE`\n');
  });

  it('plans with --dry-run without applying anything', async () => {
    const yaml = 'product: scratch\ncomponents:\n  - name: api\nrings:\n  - name: dev\ntargets:\n  - { name: dev-1, ring: dev, delivery: pull }\n';
    const out = await ok(['apply', '-f', '-', '--dry-run'], { stdin: yaml });
    assert.match(out, /^ACTION\s+KIND\s+NAME\s+FIELDS\n/);
    assert.match(out, /^create\s+product\s+scratch$/m);
    assert.match(out, /dry run: would create 4 in scratch; nothing applied\n$/);
    assert.doesNotMatch(await ok(['get', 'products']), /scratch/);
  });

  it('applies the example product, and applying it again changes nothing', async () => {
    const first = await ok(['apply', '-f', 'examples/maya-online.yaml']);
    assert.match(first, /^create\s+target\s+acme-onprem$/m);
    assert.match(first, /applied maya-online: 25 created\n$/);
    assert.equal(await ok(['apply', '-f', 'examples/maya-online.yaml']), 'no changes to maya-online\n');

    const products = await ok(['get', 'products']);
    assert.match(products, /^NAME\s+COMPONENTS\s+RINGS\s+TARGETS\s+USERS\s+UPDATED\n/);
    assert.match(products, /^maya-online\s+4\s+5\s+7\s+134975\s/m);
  });

  it('reports product-file errors one a line with file, line and column', async () => {
    const run = await cli(['apply', '-f', 'examples/invalid/cycle.yaml']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'examples/invalid/cycle.yaml:5:17 components[0].dependsOn[0]: dependency cycle: api → worker → api\n');
    const missing = await cli(['apply', '-f', 'examples/nope.yaml']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: cannot read examples/nope.yaml: no such file\n');
  });

  it('lists rings, targets and events as tables, with the only product by default', async () => {
    const rings = await ok(['get', 'rings']);
    assert.match(rings, /^#\s+NAME\s+GATES\s+ROLLOUT\n/);
    assert.match(rings, /^4\s+production\s+blessed, window 0 17 \* \* 1-5 Asia\/Kolkata, checklist module-lead\+qa\+sre, vote qa\+sre veto\s+5% → 25% → 100%, pause 10m, halt after 1, auto-rollback$/m);

    const targets = await ok(['get', 'targets', '--product', 'maya-online', '--hosting', 'on-prem']);
    // Their agents never called in; the next window opening depends on today.
    assert.equal(targets.replace(/ {3}(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|open now)$/gm, '   NEXT'), [
      'NAME            RING          HOSTING   DELIVERY   USERS   STATUS   RELEASE   AGENT         AGENT VERSION   LAST CONTACT   WINDOW                         NEXT WINDOW',
      'acme-onprem     on-premises   on-prem   pull        1200   never    -         unreachable   -               never          0 2 * * 0 America/Chicago 2h   NEXT',
      'globex-onprem   on-premises   on-prem   pull         300   never    -         unreachable   -               never          30 22 * * 6 Europe/Berlin 3h   NEXT',
      '',
    ].join('\n'));
    // Pull targets whose agents never called in are the unreachable ones.
    const unreachable = await ok(['get', 'targets', '--product', 'maya-online', '--status', 'unreachable']);
    assert.deepEqual(unreachable.split('\n').slice(1, -1).map((line) => line.split(' ')[0]), ['acme-onprem', 'globex-onprem']);
    const page = await ok(['get', 'targets', '--search', 'hosted', '--limit', '1']);
    assert.match(page, /^hosted-eu\s/m);
    assert.match(page, /showing 1 of 2 targets; next page: --offset 1\n$/);

    const events = await ok(['get', 'events', '--type', 'product.']);
    assert.match(events, /^ID\s+TIME\s+ACTOR\s+SUMMARY\n/);
    assert.match(events, /^\s*\d+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+user:admin\s+user:admin applied maya-online: 25 created$/m);
  });

  it('asks for --product when there are several products', async () => {
    await ok(['apply', '-f', '-'], { stdin: 'product: second\ncomponents: [{ name: api }]\nrings: [{ name: dev }]\n' });
    const run = await cli(['get', 'rings']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'error: there are 2 products: pass --product with one of maya-online, second\n');
  });

  it('prints only parseable JSON with --json', async () => {
    const products = JSON.parse(await ok(['get', 'products', '--json'])) as { products: { name: string }[] };
    assert.deepEqual(products.products.map((p) => p.name).sort(), ['maya-online', 'second']);
    const targets = JSON.parse(await ok(['get', 'targets', '--product', 'maya-online', '--json'])) as { total: number };
    assert.equal(targets.total, 7);
    const apply = JSON.parse(await ok(['apply', '-f', 'examples/maya-online.yaml', '--json'])) as { applied: boolean; changes: unknown[] };
    assert.deepEqual(apply, { product: 'maya-online', dryRun: false, applied: false, changes: [] });
    const me = JSON.parse(await ok(['login', '--token', server.adminToken, '--json'])) as { actor: string };
    assert.equal(me.actor, 'user:admin');
    for (const args of [['get', 'events'], ['get', 'users'], ['get', 'tokens'], ['token', 'list'], ['get', 'rings', '--product', 'second']]) {
      const out = await ok([...args, '--json']);
      assert.doesNotThrow(() => JSON.parse(out), `${args.join(' ')} --json`);
    }
  });

  it('creates a CI token that may not manage users', async () => {
    const run = await cli(['token', 'create', 'maya-ci', '--kind', 'ci', '--product', 'maya-online', '--expires', '30d']);
    assert.equal(run.code, 0, run.stderr);
    const secret = run.stdout.trim();
    assert.match(secret, /^rm_[\w-]{43}$/);
    assert.match(run.stderr, /^created ci token maya-ci \(.+\) for maya-online, expires \d{4}-/);
    assert.match(run.stderr, /it will not be shown again/);

    const refused = await cli(['user', 'add', 'dan', '--role', 'qa', '--token', secret]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, 'error: a ci token may not manage users\n');
    assert.match(await ok(['get', 'tokens']), /^\S+\s+maya-ci\s+ci\s+maya-online\s+\d{4}-\S+\s+\S+\s+active$/m);
  });

  it('refuses a revoked token with the server message, never printing the token', async () => {
    const secret = (await ok(['token', 'create', 'short-lived'])).trim();
    assert.match(await ok(['get', 'products', '--token', secret]), /maya-online/);
    assert.match(await ok(['token', 'revoke', 'short-lived']), /^revoked user token short-lived \(.+\)\n$/);

    const run = await cli(['get', 'products', '--token', secret]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'error: the token is invalid, expired or revoked\nhint: the token came from the --token flag; run `ringmaster login` to use another\n');
    assert.doesNotMatch(run.stderr + run.stdout, new RegExp(secret));
    assert.match(await ok(['token', 'list']), /^\S+\s+short-lived\s+user\s+admin\s+-\s+\S+\s+revoked$/m);
  });

  it('adds a user with a password from stdin, who can then log in with it', async () => {
    assert.equal(await ok(['user', 'add', 'carol', '--role', 'qa', '--email', 'carol@example.com', '--password-stdin'], { stdin: 'correct horse battery\n' }), 'added user carol as qa (with a password)\n');
    assert.match(await ok(['get', 'users']), /^carol\s+qa\s+carol@example\.com\s+yes\s/m);

    const other = join(home, 'carol-config');
    const login = await cli(['login', '--server', server.url, '--user', 'carol', '--password-stdin'], { stdin: 'correct horse battery\n', env: { XDG_CONFIG_HOME: other } });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.stdout, `logged in to ${server.url} as user:carol (role qa)\n`);
    const denied = await cli(['user', 'add', 'eve', '--role', 'admin'], { env: { XDG_CONFIG_HOME: other } });
    assert.equal(denied.stderr, "error: role 'qa' may not manage users\n");

    const wrong = await cli(['login', '--server', server.url, '--user', 'carol', '--password-stdin'], { stdin: 'wrong password\n', env: { XDG_CONFIG_HOME: other } });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, 'error: unknown user or wrong password\n');
    const noTerminal = await cli(['login', '--server', server.url, '--user', 'carol'], { env: { XDG_CONFIG_HOME: other } });
    assert.equal(noTerminal.code, 2);
    assert.equal(noTerminal.stderr, 'error: no terminal to ask on: pass --password-stdin\n');
  });

  it('takes the server and token from the environment over the saved login', async () => {
    const empty = join(home, 'empty-config');
    const env = { XDG_CONFIG_HOME: empty, RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: server.adminToken };
    assert.match(await ok(['get', 'products'], { env }), /maya-online/);
    const bad = await cli(['get', 'products'], { env: { ...env, RINGMASTER_TOKEN: 'rm_x' } });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: the token is invalid, expired or revoked\nhint: the token came from RINGMASTER_TOKEN;/);
  });

  it('does not send the saved token to another server', async () => {
    const run = await cli(['get', 'products', '--server', 'http://127.0.0.1:9']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `error: not logged in to http://127.0.0.1:9 (the saved login is for ${server.url}): run \`ringmaster login --server http://127.0.0.1:9\` or set RINGMASTER_TOKEN\n`);
  });

  it('names the server it cannot reach', async () => {
    const port = await freePort();
    const run = await cli(['get', 'products', '--server', `http://127.0.0.1:${port}`, '--token', 'rm_whatever']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `error: cannot reach Ringmaster at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['get', 'targets', '--limit', '0'],
      ['get', 'targets', '--hosting', 'cloud'],
      ['user', 'add', 'x'],
      ['token', 'create', 'x', '--expires', 'soon'],
      ['login', '--token', 'a', '--user', 'b'],
      ['get', 'products', '--server', 'localhost:8080', '--token', 'rm_x'],
      ['frobnicate'],
    ]) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^error: /, args.join(' '));
    }
    const help = await cli(['get', 'targets', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--search <text>/);
  });

  it('logs out by removing the saved login', async () => {
    assert.equal(await ok(['logout']), `logged out of ${server.url}: removed ${join(configHome, 'ringmaster', 'config.json')}\n`);
    assert.equal((await cli(['get', 'products'])).code, 1);
    assert.equal(await ok(['logout']), 'not logged in: nothing to remove\n');
  });
});
