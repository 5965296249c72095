/**
 * `build register` and `build list`: the spec parsers on their own, then the
 * commands in-process through runCli against a real server.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import type { Build, RegisterBuildOutcome } from '../../client/api-types.ts';
import { UsageError } from '../cli-errors.ts';
import { runCli } from '../run-cli.ts';
import { combine } from './build.ts';
import { parseArtifactSpec, parseStageSpec } from './build-specs.ts';

describe('build specs on the command line', () => {
  it('reads a stage with its counts, coverage, findings and a url holding commas', () => {
    assert.deepEqual(parseStageSpec('unit-tests=passed,tests=118/0/2,coverage=84.5'), { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 });
    assert.deepEqual(parseStageSpec('static-analysis=passed,critical=0,high=2,low=7'), { name: 'static-analysis', status: 'passed', vulnerabilities: { critical: 0, high: 2, low: 7 } });
    assert.deepEqual(parseStageSpec('e2e=running,url=https://ci.example.com/x?a=1,b=2'), { name: 'e2e', status: 'running', url: 'https://ci.example.com/x?a=1,b=2' });
    assert.deepEqual(parseStageSpec('build=skipped'), { name: 'build', status: 'skipped' });
  });

  it('names the bad part of a stage spec', () => {
    const bad: [string, RegExp][] = [
      ['unit-tests', /^'unit-tests' should be name=status/],
      ['unit-tests=green', /^status 'green' of stage unit-tests is not one of passed, failed, skipped, running$/],
      ['unit-tests=pased', /\(did you mean 'passed'\?\)$/],
      ['bad name=passed', /^stage name 'bad name' is invalid/],
      ['unit-tests=passed,tests=1/2', /^'tests=1\/2': tests must be PASSED\/FAILED\/SKIPPED counts/],
      ['unit-tests=passed,coverage=101', /^'coverage=101': coverage must be a percentage from 0 to 100/],
      ['unit-tests=passed,coverage=-1', /coverage must be a percentage/],
      ['scan=passed,high=two', /^'high=two': high must be a whole number/],
      ['scan=passed,hig=2', /^'hig=2': unknown key 'hig' in stage scan; use tests, coverage, critical, high, medium, low, url \(did you mean 'high'\?\)$/],
      ['scan=passed,high=1,high=2', /^'high' is given twice in stage scan$/],
      ['scan=passed,url=', /url of stage scan must be 1 to 2048 characters/],
    ];
    for (const [spec, message] of bad) assert.throws(() => parseStageSpec(spec), (e: Error) => e instanceof InvalidArgumentError && message.test(e.message), spec);
  });

  it('reads kind=reference artifacts and refuses bad kinds', () => {
    assert.deepEqual(parseArtifactSpec('image=registry.example.com/api:1.4.0=x'), ['image', 'registry.example.com/api:1.4.0=x']);
    assert.throws(() => parseArtifactSpec('image'), /expected kind=reference/);
    assert.throws(() => parseArtifactSpec('Image=x'), /artifact kind 'Image' is invalid/);
    assert.throws(() => parseArtifactSpec('image='), /reference must be 1 to 2048 characters/);
  });

  it('lays flags over the file: fields replaced, artifacts by kind, stages by name', () => {
    const file = { component: 'api', version: '1.0.0', commit: 'abc1234', artifacts: { image: 'a', chart: 'c' }, stages: [{ name: 'build', status: 'passed' }, { name: 'unit-tests', status: 'failed' }] };
    assert.deepEqual(combine(file, { version: '1.0.1', artifact: [['image', 'b']], stage: [{ name: 'unit-tests', status: 'passed' }] }), {
      component: 'api', version: '1.0.1', commit: 'abc1234', artifacts: { image: 'b', chart: 'c' }, stages: [{ name: 'build', status: 'passed' }, { name: 'unit-tests', status: 'passed' }],
    });
    assert.deepEqual(combine(file, {}), file);
    assert.throws(() => combine({}, { component: 'api' }), (e: Error) => e instanceof UsageError && e.message === '--version, --commit are required (as flags or in the -f file)');
    assert.throws(() => combine(file, { stage: [{ name: 'x', status: 'passed' }, { name: 'x', status: 'failed' }] }), /--stage x is given twice/);
  });
});

describe('ringmaster build', () => {
  let server: TestServer;
  let home: string;
  let ciToken: string;

  async function cli(args: string[], options: { token?: string; stdin?: string } = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), RINGMASTER_SERVER: server.url, RINGMASTER_TOKEN: options.token ?? server.adminToken },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      cwd: home,
    });
    return { code, stdout, stderr };
  }

  async function ok(args: string[], options: { token?: string; stdin?: string } = {}): Promise<string> {
    const run = await cli(args, options);
    assert.equal(run.code, 0, `ringmaster ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  const listJson = async (...args: string[]) => (JSON.parse(await ok(['build', 'list', 'maya-online', '--json', ...args])) as { builds: Build[] }).builds;

  before(async () => {
    server = await startTestServer();
    home = await mkdtemp(join(tmpdir(), 'ringmaster-build-cli-'));
    const example = new URL('../../../examples/maya-online.yaml', import.meta.url);
    await ok(['apply', '-f', example.pathname]);
    await ok(['apply', '-f', '-'], { stdin: 'product: other\ncomponents: [{ name: api }]\nrings: [{ name: dev }]\n' });
    ciToken = (await ok(['token', 'create', 'maya-ci', '--kind', 'ci', '--product', 'maya-online'])).trim();
  });
  after(async () => {
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  const REGISTER = [
    'build', 'register', 'maya-online', '--component', 'api', '--version', '1.4.0', '--commit', 'ABC1234def', '--branch', 'main',
    '--artifact', 'image=registry.example.com/maya/api:1.4.0',
    '--stage', 'build=passed', '--stage', 'unit-tests=passed,tests=118/0/2,coverage=84.5', '--stage', 'static-analysis=passed,critical=0,high=2',
  ];

  it('registers a build from flags with the CI token, then finds it unchanged, then updated', async () => {
    assert.equal(await ok(REGISTER, { token: ciToken }), 'registered api 1.4.0 (api-1-4-0-abc1234), green\n');
    assert.equal(await ok(REGISTER, { token: ciToken }), 'unchanged api 1.4.0 (api-1-4-0-abc1234), green\n');
    const later = ['build', 'register', 'maya-online', '--component', 'api', '--version', '1.4.0', '--commit', 'abc1234', '--stage', 'e2e-tests=running'];
    assert.equal(await ok(later, { token: ciToken }), 'updated api 1.4.0 (api-1-4-0-abc1234), red: e2e-tests running\n');

    const [build] = await listJson();
    assert.equal(build!.createdBy, 'ci:maya-ci');
    assert.deepEqual(build!.stages.find((s) => s.name === 'unit-tests'), { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 });
    assert.deepEqual(build!.stages.find((s) => s.name === 'static-analysis')?.vulnerabilities, { critical: 0, high: 2 });
    assert.deepEqual(build!.artifacts, { image: 'registry.example.com/maya/api:1.4.0' });
  });

  it('registers from a YAML file with flags over it, and from JSON on stdin', async () => {
    const file = join(home, 'build.yaml');
    await writeFile(file, [
      'component: web',
      'version: 2.0.0',
      'commit: 0012345', // YAML would read a number; the text is meant
      'branch: release/2.0',
      'artifacts: { image: registry.example.com/maya/web:2.0.0 }',
      'stages:',
      '  - { name: build, status: passed }',
      '  - { name: unit-tests, status: failed, tests: { passed: 10, failed: 1, skipped: 0 } }',
      '',
    ].join('\n'));
    const out = await ok(['build', 'register', 'maya-online', '-f', 'build.yaml', '--stage', 'unit-tests=passed,tests=11/0/0', '--artifact', 'chart=oci://charts.example.com/web:2.0.0']);
    assert.equal(out, 'registered web 2.0.0 (web-2-0-0-0012345), green\n');
    const [web] = await listJson('--component', 'web');
    assert.equal(web!.commit, '0012345');
    assert.equal(web!.branch, 'release/2.0');
    assert.deepEqual(web!.artifacts, { image: 'registry.example.com/maya/web:2.0.0', chart: 'oci://charts.example.com/web:2.0.0' });
    assert.deepEqual(web!.stages, [{ name: 'build', status: 'passed' }, { name: 'unit-tests', status: 'passed', tests: { passed: 11, failed: 0, skipped: 0 } }]);

    const json = JSON.stringify({ component: 'worker', version: '3.0.0-rc.1', commit: 'fedcba9', stages: [{ name: 'build', status: 'failed' }] });
    const outcome = JSON.parse(await ok(['build', 'register', 'maya-online', '-f', '-', '--json'], { stdin: json })) as RegisterBuildOutcome;
    assert.equal(outcome.outcome, 'created');
    assert.equal(outcome.build.artifact, 'worker-3-0-0-rc.1-fedcba9');
    assert.equal(outcome.build.green, false);
  });

  it('lists builds newest first as a table, filtered', async () => {
    const table = await ok(['build', 'list', 'maya-online']);
    const lines = table.trimEnd().split('\n');
    assert.match(lines[0]!, /^COMPONENT\s+VERSION\s+ARTIFACT\s+BRANCH\s+STATE\s+REGISTERED$/);
    assert.match(lines[1]!, /^worker\s+3\.0\.0-rc\.1\s+worker-3-0-0-rc\.1-fedcba9\s+main\s+red: build failed\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(lines[2]!, /^web\s+2\.0\.0\s+web-2-0-0-0012345\s+release\/2\.0\s+green\s/);
    assert.match(lines[3]!, /^api\s+1\.4\.0\s+api-1-4-0-abc1234\s+main\s+red: e2e-tests running\s/);
    assert.equal(lines.length, 4);
    assert.equal((await ok(['build', 'list', 'maya-online', '--branch', 'main', '--limit', '1'])).trimEnd().split('\n').length, 2);
    assert.equal(await ok(['build', 'list', 'maya-online', '--branch', 'nope']), 'no builds of maya-online match\n');
    assert.equal(await ok(['build', 'list', 'other']), 'no builds of other yet\n');
  });

  it('refuses a bad --stage, missing flags and an unreadable file as usage errors, registering nothing', async () => {
    const base = ['build', 'register', 'maya-online', '--component', 'api', '--version', '1.5.0', '--commit', 'abc1234'];
    const badStage = await cli([...base, '--stage', 'unit-tests=green']);
    assert.equal(badStage.code, 2);
    assert.match(badStage.stderr, /^error: option '--stage <spec>' argument 'unit-tests=green' is invalid\. status 'green' of stage unit-tests is not one of passed, failed, skipped, running/);
    const badTests = await cli([...base, '--stage', 'unit-tests=passed,tests=1/2']);
    assert.equal(badTests.code, 2);
    assert.match(badTests.stderr, /'tests=1\/2': tests must be PASSED\/FAILED\/SKIPPED counts/);
    const badArtifact = await cli([...base, '--artifact', 'Image=x']);
    assert.equal(badArtifact.code, 2);
    assert.match(badArtifact.stderr, /artifact kind 'Image' is invalid/);

    const missing = await cli(['build', 'register', 'maya-online', '--component', 'api']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'error: --version, --commit are required (as flags or in the -f file)\n');
    const noFile = await cli([...base, '-f', 'nope.yaml']);
    assert.equal(noFile.code, 1);
    assert.equal(noFile.stderr, 'error: cannot read nope.yaml: no such file\n');
    const notMap = await cli([...base, '-f', '-'], { stdin: '- a\n- b\n' });
    assert.equal(notMap.code, 1);
    assert.match(notMap.stderr, /^error: cannot read -: expected a mapping/);

    assert.equal((await listJson('--component', 'api')).length, 1);
  });

  it("prints the server's refusal: an unknown component, another commit, another product", async () => {
    const typo = await cli(['build', 'register', 'maya-online', '--component', 'apii', '--version', '1.5.0', '--commit', 'abc1234'], { token: ciToken });
    assert.equal(typo.code, 1);
    assert.equal(typo.stderr, "error: maya-online has no component 'apii' (did you mean 'api'?); components are api, db-migrations, web, worker\n", 'no detail line repeats what the message says');
    const conflict = await cli(['build', 'register', 'maya-online', '--component', 'api', '--version', '1.4.0', '--commit', 'def5678'], { token: ciToken });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /^error: api 1\.4\.0 was registered from commit abc1234; a build of the same version from def5678 is refused: bump the version\n/);
    const other = await cli(['build', 'register', 'other', '--component', 'api', '--version', '1.0.0', '--commit', 'abc1234'], { token: ciToken });
    assert.equal(other.code, 1);
    assert.equal(other.stderr, "error: product 'other' does not exist\n");
    const semver = await cli(['build', 'register', 'maya-online', '--component', 'api', '--version', 'v1.5.0', '--commit', 'abc1234'], { token: ciToken });
    assert.equal(semver.code, 1);
    assert.match(semver.stderr, /^error: version 'v1\.5\.0' is not a semantic version/);
  });
});
