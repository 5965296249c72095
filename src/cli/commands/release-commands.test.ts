/**
 * The release engine's commands end to end, in-process: runCli against a real
 * server that runs the targets' deploy commands for real.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type ApiClient, createApiClient } from '../../client/api-client.ts';
import type { RegisterBuild } from '../../client/api-types.ts';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { runCli } from '../run-cli.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const DEPLOY = [
  'echo "deploying $RINGMASTER_COMPONENT $RINGMASTER_VERSION of $RINGMASTER_RELEASE to $RINGMASTER_TARGET ($RINGMASTER_ACTION)"',
  // Release 1.3.0's api does not start: its deployments fail.
  'if [ "$RINGMASTER_RELEASE" = 1.3.0 ]; then echo "api 1.3.0 does not start" >&2; exit 3; fi',
].join('; ');

const PRODUCT_FILE = `
product: shop
components:
  - name: api
rings:
  - name: dev
    rollout: { waves: [50%, 100%] }
  - name: prod
    gates:
      - approval: { role: release-manager }
targets:
  - { name: dev-1, ring: dev, users: 10, deploy: { command: ${JSON.stringify(DEPLOY)} } }
  - { name: dev-2, ring: dev, users: 5, deploy: { command: ${JSON.stringify(DEPLOY)} } }
  - { name: prod-1, ring: prod, users: 300, deploy: { command: ${JSON.stringify(DEPLOY)} } }
roles:
  release-manager: [rita]
`;

function build(version: string, commit: string): RegisterBuild {
  return {
    component: 'api',
    version,
    commit,
    branch: 'main',
    artifacts: { image: `registry.example/api:${version}` },
    stages: [
      { name: 'build', status: 'passed' },
      { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 },
      { name: 'static-analysis', status: 'passed', vulnerabilities: { critical: 0, high: 1 } },
    ],
  };
}

/** A server that stops answering fails the test in seconds, not at the runner's limit. */
const LIMIT = { timeout: 30_000 };

describe('release engine commands', () => {
  let server: TestServer;
  let client: ApiClient;
  let ritaToken: string;

  before(async () => {
    server = await startTestServer();
    client = createApiClient({ baseUrl: server.url, token: server.adminToken });
    await client.applyProduct({ source: PRODUCT_FILE, fileName: 'shop.yaml', dryRun: false });
    await client.createUser({ name: 'rita', role: 'release-manager' });
    ritaToken = (await client.createToken({ name: 'rita-cli', kind: 'user', user: 'rita' })).secret;
    await client.registerBuild('shop', build('1.0.0', 'abc1234def5678'));
    await client.registerBuild('shop', build('1.1.0', 'bcd2345ef67890'));
  });
  after(async () => {
    await server.close();
  });

  async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: server.adminToken, RINGMASTER_POLL_MS: '50', ...env },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([]),
      cwd: process.cwd(),
    });
    return { code, stdout, stderr };
  }

  async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
    const run = await cli(args, env);
    assert.equal(run.code, 0, `ringmaster ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
    return run.stdout;
  }

  async function fails(args: string[], code: number): Promise<Run> {
    const run = await cli(args);
    assert.equal(run.code, code, `ringmaster ${args.join(' ')}: expected exit ${code}, got ${run.code}: ${run.stdout}${run.stderr}`);
    return run;
  }

  it('creates a release from named builds, and the same request again changes nothing', LIMIT, async () => {
    assert.equal(await ok(['release', 'create', 'shop', '1.0.0', '--build', 'api=1.0.0']), 'created shop 1.0.0 (candidate): api 1.0.0\n');
    assert.equal(await ok(['release', 'create', 'shop', '1.0.0', '--build', 'api=1.0.0']), 'unchanged shop 1.0.0 (candidate): api 1.0.0\n');
  });

  it('lists releases with a column per ring', LIMIT, async () => {
    const out = await ok(['release', 'list', 'shop']);
    assert.match(out, /^VERSION\s+STATE\s+CHANNEL\s+DEV\s+PROD\s+CREATED\n/);
    assert.match(out, /^1\.0\.0\s+candidate\s+alpha\s+-\s+-\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
    assert.equal(await ok(['release', 'list', 'shop', '--state', 'rejected']), 'no releases of shop match\n');
  });

  it('shows a release: bill of materials with stages, rings, and the gates of the next ring', LIMIT, async () => {
    const out = await ok(['release', 'show', 'shop', '1.0.0']);
    assert.match(out, /^shop 1\.0\.0: candidate, channel alpha\n/);
    assert.match(out, /^candidate since \S+ by user:admin$/m);
    assert.match(out, /^COMPONENT\s+VERSION\s+ARTIFACT\s+COMMIT\s+BRANCH\s+BUILD\s+STAGES$/m);
    assert.match(out, /^api\s+1\.0\.0\s+api-1-0-0-abc1234\s+abc1234\s+main\s+green\s+build ✓ unit-tests ✓ 118\/0\/2 84\.5% static-analysis ✓ 0c\/1h$/m);
    assert.match(out, /^dev\s+not entered\s+-\s+-\s+0$/m);
    assert.match(out, /^approvals: none$/m);
    assert.match(out, /^next: dev, ready to promote\nno gates\n$/m);
  });

  it('promotes into dev and follows the rollout to its end', LIMIT, async () => {
    const out = await ok(['promote', 'shop', '1.0.0', '--to', 'dev', '--wait']);
    assert.match(out, /^promoting shop 1\.0\.0 to dev: 2 target\(s\) in 2 wave\(s\)\n/);
    assert.match(out, /^dev: wave 2\/2, 2\/2 succeeded$/m);
    assert.match(out, /shop 1\.0\.0 is in dev: 2\/2 target\(s\) succeeded\n$/);
    assert.equal(await ok(['wait', 'shop', '1.0.0', '--ring', 'dev']), 'shop 1.0.0 is in dev\n');
    const running = await ok(['get', 'targets', '--product', 'shop', '--status', 'ok']);
    assert.match(running, /^dev-1\s+dev\s+.*\s+ok\s+1\.0\.0\s/m);
    assert.doesNotMatch(running, /^prod-/m, 'prod targets have not been deployed');
    assert.match(await ok(['get', 'targets', '--product', 'shop', '--status', 'never']), /^prod-1\s+prod\s+.*\s+never\s+-\s/m);
  });

  it('refuses prod while the approval gate waits, with the verdicts as a table', LIMIT, async () => {
    const run = await fails(['promote', 'shop', '1.0.0', '--to', 'prod'], 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      [
        'error: shop 1.0.0 cannot enter prod yet: approval:release-manager is waiting',
        '  GATE                       STATUS    REASON',
        '  approval:release-manager   waiting   0 of 1 approval from release-manager; rita may approve',
        '',
      ].join('\n'),
    );
    const show = await ok(['release', 'show', 'shop', '1.0.0']);
    assert.match(show, /^next: prod, not yet\nGATE\s+STATUS\s+REASON\napproval:release-manager\s+waiting\s+0 of 1 approval/m);
  });

  it('takes a release manager\'s approval, then promotes into prod', LIMIT, async () => {
    const approved = await ok(['approve', 'shop', '1.0.0', '--ring', 'prod', '--comment', 'clean on dev', '--token', ritaToken]);
    assert.equal(approved, 'rita approved shop 1.0.0 for prod as release-manager: clean on dev\nprod is open to it: `ringmaster promote shop 1.0.0 --to prod`\n');
    const out = await ok(['promote', 'shop', '1.0.0', '--to', 'prod', '--wait']);
    assert.match(out, /^promoting shop 1\.0\.0 to prod: 1 target\(s\) in 1 wave\(s\)\n/);
    assert.match(out, /shop 1\.0\.0 is in prod: 1\/1 target\(s\) succeeded\n$/);
    const show = await ok(['release', 'show', 'shop', '1.0.0']);
    assert.match(show, /^approvals:\nRING\s+USER\s+ROLES\s+AT\s+COMMENT\nprod\s+rita\s+release-manager\s+\S+\s+clean on dev$/m);
    assert.match(show, /^prod\s+✓ succeeded\s+\S+\s+\S+\s+0$/m);
  });

  it('cuts the next release from the latest green builds and waits for it in dev', LIMIT, async () => {
    assert.equal(await ok(['release', 'create', 'shop', '1.1.0', '--latest']), 'created shop 1.1.0 (candidate): api 1.1.0\n');
    assert.match(await ok(['promote', 'shop', '1.1.0', '--to', 'dev']), /^promoting shop 1\.1\.0 to dev: 2 target\(s\) in 2 wave\(s\)\n$/);
    assert.match(await ok(['wait', 'shop', '1.1.0', '--ring', 'dev']), /shop 1\.1\.0 is in dev\n$/);
  });

  it('shows where every release stands in both rings', LIMIT, async () => {
    const out = await ok(['status', 'shop']);
    assert.equal(
      out,
      [
        'VERSION       STATE     CHANNEL   DEV           PROD',
        'all targets                       2 · 15u       1 · 300u',
        '1.1.0         blessed   stable    ✓ 2/2 · 15u   -',
        '1.0.0         done      stable    ✓ 2/2 · 0u    ✓ 1/1 · 300u',
        '',
      ].join('\n'),
    );
    assert.match(await ok(['status', 'shop', '--limit', '1']), /older releases: ringmaster status shop --before 1\.1\.0\n$/);
    const json = JSON.parse(await ok(['status', 'shop', '--json'])) as { rings: { name: string }[] };
    assert.deepEqual(json.rings.map((r) => r.name), ['dev', 'prod']);
  });

  it('rolls a target back to its last good release and follows the rollback', LIMIT, async () => {
    const out = await ok(['rollback', 'shop', '--target', 'dev-1', '--reason', 'slow checkout', '--wait']);
    assert.match(out, /^rolling back 1 target\(s\) of shop in dev\ndev-1: 1\.1\.0 → 1\.0\.0\n/);
    assert.match(out, /^dev: wave 1\/1, 1\/1 succeeded$/m);
    assert.match(out, /rolled back 1\/1 target\(s\) of dev from shop 1\.1\.0\n$/);
  });

  it('lists deployments and prints their logs', LIMIT, async () => {
    const out = await ok(['deployment', 'list', 'shop', '1.0.0', '--ring', 'dev']);
    assert.match(out, /^ID\s+TARGET\s+RING\s+KIND\s+STATE\s+WAVE\s+ATTEMPTS\s+DURATION\s+NOTE\n/);
    assert.match(out, /^\S+\s+dev-1\s+dev\s+deploy\s+succeeded\s+1\s+1\s+\d+\.\ds\s+-$/m);
    assert.match(out, /^\S+\s+dev-1\s+dev\s+rollback\s+succeeded\s+1\s+1\s+\d+\.\ds\s+-$/m);
    const page = JSON.parse(await ok(['deployment', 'list', 'shop', '1.0.0', '--ring', 'dev', '--json'])) as { deployments: { id: string; target: string; kind: string }[] };
    const rollback = page.deployments.find((d) => d.target === 'dev-1' && d.kind === 'rollback');
    assert.ok(rollback);
    const log = await ok(['deployment', 'log', rollback.id]);
    assert.match(log, /^deploying api 1\.0\.0 of 1\.0\.0 to dev-1 \(rollback\)$/m);
    assert.equal(await ok(['deployment', 'log', rollback.id, '--follow']), log);
    assert.equal(await ok(['deployment', 'list', 'shop', '1.0.0', '--state', 'failed']), 'no deployments of shop 1.0.0 match\n');
  });

  it('rejects a release with a reason, which then shows it', LIMIT, async () => {
    assert.equal(await ok(['reject', 'shop', '1.1.0', '--reason', 'api 1.1.0 leaks memory']), 'rejected shop 1.1.0: api 1.1.0 leaks memory\n');
    assert.match(await ok(['release', 'show', 'shop', '1.1.0']), /^shop 1\.1\.0: rejected, channel alpha, blessed \S+\nrejected since \S+ by user:admin: api 1\.1\.0 leaks memory\n/);
    assert.match(await ok(['release', 'list', 'shop', '--state', 'rejected']), /^1\.1\.0\s+rejected\s+alpha\s/m);
    const wait = await fails(['wait', 'shop', '1.1.0', '--ring', 'prod'], 1);
    assert.equal(wait.stderr, 'error: shop 1.1.0 is rejected (api 1.1.0 leaks memory): it will not enter prod\n');
  });

  it('stops a failing promotion and names the failed targets with their errors', LIMIT, async () => {
    await client.registerBuild('shop', build('1.3.0', 'cde3456f789012'));
    await ok(['release', 'create', 'shop', '1.3.0', '--build', 'api=1.3.0']);
    const run = await fails(['promote', 'shop', '1.3.0', '--to', 'dev', '--wait'], 1);
    assert.match(run.stdout, /^promoting shop 1\.3\.0 to dev: 2 target\(s\) in 2 wave\(s\)\n/);
    assert.match(run.stderr, /^error: the promotion of shop 1\.3\.0 to dev ended halted: 0\/2 succeeded, 1 failed, 1 cancelled; halted after 1 failed deployment\(s\) \(haltOnFailures 1\)\n {2}TARGET\s+ATTEMPTS\s+ERROR\n {2}dev-1\s+\d+\s+.*3/);
    const wait = await fails(['wait', 'shop', '1.3.0', '--ring', 'dev'], 1);
    assert.match(wait.stderr, /^error: shop 1\.3\.0 ended halted in dev with 1 failed deployment\(s\)/);
    const failed = JSON.parse(await ok(['deployment', 'list', 'shop', '1.3.0', '--state', 'failed', '--json'])) as { deployments: { id: string }[] };
    assert.equal(failed.deployments.length, 1);
    assert.match(await ok(['deployment', 'log', failed.deployments[0]!.id]), /deploying api 1\.3\.0 of 1\.3\.0 to dev-1 \(deploy\)\napi 1\.3\.0 does not start\n/);
  });

  it('marks a draft ready and withdraws a candidate', LIMIT, async () => {
    assert.equal(await ok(['release', 'create', 'shop', '1.4.0', '--build', 'api=1.0.0', '--draft']), 'created shop 1.4.0 (draft): api 1.0.0\n');
    assert.match(await ok(['release', 'show', 'shop', '1.4.0']), /^next: none while a draft: mark it a candidate with `ringmaster release ready shop 1\.4\.0`$/m);
    assert.match(await ok(['release', 'ready', 'shop', '1.4.0']), /^shop 1\.4\.0 is now a candidate/);
    assert.equal(await ok(['release', 'withdraw', 'shop', '1.4.0', '--reason', 'cut by mistake']), 'withdrew shop 1.4.0: cut by mistake\n');
  });

  it('gives up waiting after --timeout with a clear message', LIMIT, async () => {
    await ok(['release', 'create', 'shop', '1.5.0', '--build', 'api=1.0.0']);
    const run = await fails(['wait', 'shop', '1.5.0', '--ring', 'prod', '--timeout', '1s'], 1);
    assert.equal(run.stdout, 'waiting for shop 1.5.0 to enter prod\n');
    assert.equal(run.stderr, 'error: gave up waiting after 1s: shop 1.5.0 has not entered prod\n');
  });

  it('prints parseable JSON with --json', LIMIT, async () => {
    const shown = JSON.parse(await ok(['release', 'show', 'shop', '1.0.0', '--json'])) as { version: string; approvals: unknown[] };
    assert.equal(shown.version, '1.0.0');
    assert.equal(shown.approvals.length, 1);
    const listed = JSON.parse(await ok(['release', 'list', 'shop', '--json'])) as { releases: { version: string }[] };
    assert.deepEqual(listed.releases.map((r) => r.version), ['1.5.0', '1.4.0', '1.3.0', '1.1.0', '1.0.0']);
    const created = JSON.parse(await ok(['release', 'create', 'shop', '1.0.0', '--build', 'api=1.0.0', '--json'])) as { outcome: string };
    assert.equal(created.outcome, 'unchanged');
  });

  it('rejects bad input with messages naming what is allowed', LIMIT, async () => {
    const ring = await fails(['promote', 'shop', '1.0.0', '--to', 'staging'], 1);
    assert.match(ring.stderr, /^error: shop has no ring 'staging'; rings are dev, prod\n/);
    const waitRing = await fails(['wait', 'shop', '1.0.0', '--ring', 'prd'], 1);
    assert.equal(waitRing.stderr, "error: shop has no ring 'prd' (did you mean 'prod'?); rings are dev, prod\n");
    const version = await fails(['release', 'create', 'shop', '1.0', '--build', 'api=1.0.0'], 1);
    assert.match(version.stderr, /^error: version '1\.0' is not a semantic version like 2\.3\.0/);
    const noWhat = await fails(['rollback', 'shop'], 2);
    assert.equal(noWhat.stderr, 'error: name what to roll back: --target <target> or --ring <ring>\n');
    assert.equal((await fails(['rollback', 'shop', '--target', 'dev-1', '--ring', 'dev'], 2)).stderr, 'error: name either --target or --ring, not both\n');
    assert.match((await fails(['reject', 'shop', '1.0.0'], 2)).stderr, /required option '--reason <text>' not specified/);
    assert.equal((await fails(['reject', 'shop', '1.0.0', '--reason', ' '], 2)).stderr, 'error: --reason must say what is wrong with the release\n');
    assert.match((await fails(['release', 'create', 'shop', '2.0.0', '--build', 'api'], 2)).stderr, /expected component=version, like api=1\.4\.0/);
    assert.match((await fails(['promote', 'shop', '1.0.0', '--to', 'dev', '--wait', '--timeout', 'soon'], 2)).stderr, /expected a duration like 90m, 12h or 30d/);
  });
});
