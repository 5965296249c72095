/**
 * The daily-train example without a server: its product file reads as the demo
 * needs, and its deploy scripts work when run the way the server runs them
 * (`/bin/sh -c`, from a working folder holding deploy/, with only the
 * variables the server passes).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deploymentLayers } from '../../src/products/dependency-order.ts';
import { formatProductFileError, parseProductFile } from '../../src/products/product-file/parse-product-file.ts';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'examples', 'daily-train');
const API_KEY = 'test-only-key-5e1b';

/** Everything the server puts in a deploy command's environment, and nothing else. */
const SERVER_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];
const RINGMASTER_VARIABLES = [
  'RINGMASTER_PRODUCT',
  'RINGMASTER_RELEASE',
  'RINGMASTER_RING',
  'RINGMASTER_TARGET',
  'RINGMASTER_COMPONENT',
  'RINGMASTER_VERSION',
  'RINGMASTER_ARTIFACT',
  'RINGMASTER_COMMIT',
  'RINGMASTER_BRANCH',
  'RINGMASTER_ARTIFACT_IMAGE',
  'RINGMASTER_ACTION',
  'RINGMASTER_DEPLOYMENT',
  'RINGMASTER_ATTEMPT',
];
const CONFIG_VARIABLES = ['SITES_DIR', 'API_KEY'];

interface Step {
  target: string;
  component: string;
  version: string;
  release: string;
  image?: string;
  action?: 'deploy' | 'rollback';
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface SiteAnswer {
  target: string;
  release: string | null;
  components: Record<string, string>;
}

let work = '';

function serverEnvironment(step: Step): Record<string, string> {
  const commit = `abc1234${'0'.repeat(33)}`;
  const env: Record<string, string> = {
    // The project's Node.js first, as the demo's server has it.
    PATH: [join(root, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(delimiter),
    HOME: process.env['HOME'] ?? work,
    LANG: process.env['LANG'] ?? 'C',
    LC_ALL: process.env['LC_ALL'] ?? 'C',
    TZ: 'UTC',
    TMPDIR: tmpdir(),
    RINGMASTER_PRODUCT: 'daily-train',
    RINGMASTER_RELEASE: step.release,
    RINGMASTER_RING: 'early-adopters',
    RINGMASTER_TARGET: step.target,
    RINGMASTER_COMPONENT: step.component,
    RINGMASTER_VERSION: step.version,
    RINGMASTER_ARTIFACT: `${step.component}-${step.version.replaceAll('.', '-')}-${commit.slice(0, 7)}`,
    RINGMASTER_COMMIT: commit,
    RINGMASTER_BRANCH: 'main',
    RINGMASTER_ARTIFACT_IMAGE: step.image ?? `registry.example/${step.component}:${step.version}`,
    RINGMASTER_ACTION: step.action ?? 'deploy',
    RINGMASTER_DEPLOYMENT: 'dep-0001',
    RINGMASTER_ATTEMPT: '1',
    SITES_DIR: 'sites',
    API_KEY,
  };
  return env;
}

function sh(command: string, env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd: work, env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const deploy = (step: Step, env = serverEnvironment(step)) => sh('./deploy/deploy.sh', env);
const verify = (step: Step, env = serverEnvironment(step)) => sh('./deploy/verify.sh', env);

async function deployAndVerify(step: Step): Promise<void> {
  const deployed = await deploy(step);
  assert.equal(deployed.code, 0, `deploy.sh failed:\n${deployed.stdout}${deployed.stderr}`);
  const verified = await verify(step);
  assert.equal(verified.code, 0, `verify.sh failed:\n${verified.stdout}${verified.stderr}`);
}

function siteFile(target: string, name: string): string {
  return readFileSync(join(work, 'sites', target, name), 'utf8').trim();
}

const servicePid = (target: string) => Number(siteFile(target, 'pid'));

async function ask(target: string, path = '/'): Promise<Response> {
  return fetch(`http://127.0.0.1:${siteFile(target, 'port')}${path}`);
}

async function answer(target: string): Promise<SiteAnswer> {
  const response = await ask(target);
  assert.equal(response.status, 200);
  return (await response.json()) as SiteAnswer;
}

/** Whether a process runs; a zombie nobody reaped (containers) does not. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !stat.includes(') Z ');
}

function stopServices(): void {
  const sites = join(work, 'sites');
  if (!existsSync(sites)) return;
  for (const target of readdirSync(sites)) {
    const pidFile = join(sites, target, 'pid');
    if (!existsSync(pidFile)) continue;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

describe('daily-train product file', () => {
  it('is valid and has the rings, gates and targets the demo walks through', () => {
    const file = 'examples/daily-train/ringmaster.yaml';
    const result = parseProductFile(readFileSync(join(root, file), 'utf8'), file);
    if (!result.ok) assert.fail(result.errors.map(formatProductFileError).join('\n'));
    const spec = result.spec;
    assert.equal(spec.name, 'daily-train');
    assert.deepEqual(deploymentLayers(spec.components), [['api'], ['web', 'worker']]);
    assert.deepEqual(
      spec.rings.map((r) => [r.name, r.gates.map((g) => g.kind)]),
      [
        ['dev', []],
        ['internal', ['quality']],
        ['early-adopters', ['soak']],
        ['production', ['approval', 'blessed']],
        ['on-premises', ['soak', 'approval']],
      ],
    );
    assert.equal(spec.rings[0]?.rollout.autoPromote, true);
    assert.equal(spec.rings[3]?.rollout.autoRollback, true);
    const push = spec.targets.filter((t) => t.delivery === 'push');
    assert.deepEqual(push.map((t) => t.name), ['dev-cluster', 'internal-cluster', 'demo-eu', 'demo-us', 'hosted-eu', 'hosted-us']);
    for (const target of push) {
      assert.deepEqual(target.deploy, { command: './deploy/deploy.sh', verify: './deploy/verify.sh', rollback: null, timeoutSeconds: 120 }, target.name);
      assert.deepEqual(target.config['SITES_DIR'], { value: 'sites', secret: false }, target.name);
      assert.equal(target.config['API_KEY']?.secret, true, target.name);
    }
    // On-premises: installed by agents with the same scripts; acme-onprem has no window (the demo installs it now), globex-onprem waits for Sunday's.
    const pull = spec.targets.filter((t) => t.delivery === 'pull');
    assert.deepEqual(pull.map((t) => [t.name, t.ring]), [['acme-onprem', 'on-premises'], ['globex-onprem', 'on-premises']]);
    for (const target of pull) {
      assert.deepEqual(target.deploy, { command: './deploy/deploy.sh', verify: './deploy/verify.sh', rollback: null, timeoutSeconds: 120 }, target.name);
      assert.deepEqual(target.config['SITES_DIR'], { value: 'sites', secret: false }, target.name);
      assert.equal(target.config['API_KEY']?.secret, true, target.name);
    }
    assert.equal(pull[0]?.maintenanceWindow, null);
    assert.deepEqual(pull[1]?.maintenanceWindow, { cron: '0 2 * * 0', timezone: 'America/Chicago', durationSeconds: 7200 });
    assert.deepEqual(spec.roles, { 'release-manager': ['alice'] });
  });
});

describe('daily-train deploy scripts', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'daily-train-scripts-'));
    cpSync(join(example, 'deploy'), join(work, 'deploy'), { recursive: true });
  });

  after(() => {
    stopServices();
    rmSync(work, { recursive: true, force: true });
  });

  it('deploys api, worker and web in order; the service answers their versions and outlives the deploy', async () => {
    const release = '2.3.0';
    const steps: Step[] = [
      { target: 'demo-eu', component: 'api', version: '1.4.0', release },
      { target: 'demo-eu', component: 'worker', version: '1.2.0', release },
      { target: 'demo-eu', component: 'web', version: '2.0.0', release },
    ];
    const first = await deploy(steps[0]!);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /deploy api 1\.4\.0 on demo-eu \(release 2\.3\.0\)/);
    assert.match(first.stdout, /artifact api-1-4-0-abc1234, image registry\.example\/api:1\.4\.0/);
    assert.match(first.stdout, /started the service/);
    assert.ok(!first.stdout.includes(API_KEY) && !first.stderr.includes(API_KEY), 'the secret must never be printed');
    for (const step of steps) await deployAndVerify(step);

    assert.ok(isRunning(servicePid('demo-eu')), 'the service keeps running after deploy.sh ends');
    assert.deepEqual(await answer('demo-eu'), {
      target: 'demo-eu',
      release: '2.3.0',
      components: { api: '1.4.0', web: '2.0.0', worker: '1.2.0' },
    });
    assert.equal((await ask('demo-eu', '/healthz')).status, 200);
    assert.equal((await ask('demo-eu', '/nowhere')).status, 404);
  });

  it('runs on exactly the variables the server gives', async () => {
    const step: Step = { target: 'internal-cluster', component: 'api', version: '1.4.0', release: '2.3.0' };
    const env = serverEnvironment(step);
    assert.deepEqual(Object.keys(env).sort(), [...SERVER_VARIABLES, ...RINGMASTER_VARIABLES, ...CONFIG_VARIABLES].sort());
    await deployAndVerify(step);
    assert.equal((await answer('internal-cluster')).components['api'], '1.4.0');
  });

  it('a new version takes effect without restarting the service; deploying it again changes nothing', async () => {
    const target = 'hosted-eu';
    await deployAndVerify({ target, component: 'api', version: '1.4.0', release: '2.3.0' });
    const pid = servicePid(target);

    const hotfix: Step = { target, component: 'api', version: '1.4.1', release: '2.3.1' };
    await deployAndVerify(hotfix);
    assert.equal(servicePid(target), pid);
    assert.deepEqual(await answer(target), { target, release: '2.3.1', components: { api: '1.4.1' } });

    const again = await deploy(hotfix);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /service already running/);
    assert.equal(servicePid(target), pid);
    assert.deepEqual(await answer(target), { target, release: '2.3.1', components: { api: '1.4.1' } });

    const stale = await verify({ ...hotfix, version: '1.4.0' });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /hosted-eu answers api 1\.4\.1 \(release 2\.3\.1\), expected 1\.4\.0/);
  });

  it('a rollback installs the previous version through the same script', async () => {
    const target = 'hosted-us';
    await deployAndVerify({ target, component: 'api', version: '1.4.1', release: '2.3.1' });
    const back: Step = { target, component: 'api', version: '1.4.0', release: '2.3.0', action: 'rollback' };
    const rolledBack = await deploy(back);
    assert.equal(rolledBack.code, 0, rolledBack.stderr);
    assert.match(rolledBack.stdout, /roll back to api 1\.4\.0 on hosted-us \(release 2\.3\.0\)/);
    assert.equal((await verify(back)).code, 0);
    assert.deepEqual(await answer(target), { target, release: '2.3.0', components: { api: '1.4.0' } });
  });

  it('starts the service again when the one in the pid file has died', async () => {
    const target = 'demo-us';
    const step: Step = { target, component: 'api', version: '1.4.0', release: '2.3.0' };
    await deployAndVerify(step);
    const oldPid = servicePid(target);
    process.kill(oldPid, 'SIGKILL'); // no chance to tidy up: the pid file stays
    for (let i = 0; i < 50 && isRunning(oldPid); i++) await sleep(100);
    assert.ok(!isRunning(oldPid));

    await deployAndVerify(step);
    const newPid = servicePid(target);
    assert.notEqual(newPid, oldPid);
    assert.ok(isRunning(newPid));
    assert.equal((await answer(target)).components['api'], '1.4.0');
  });

  it('fail-verify installs a component that crashes, so verify.sh fails until a good deploy', async () => {
    const target = 'dev-cluster';
    const broken: Step = { target, component: 'api', version: '1.4.0', release: '2.3.0', image: 'registry.example/api:1.4.0-fail-verify' };
    const deployed = await deploy(broken);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, /fail-verify injected/);
    assert.equal((await answer(target)).components['api'], 'crashed');
    const verified = await verify(broken);
    assert.equal(verified.code, 1);
    assert.match(verified.stderr, /dev-cluster answers api crashed \(release 2\.3\.0\), expected 1\.4\.0/);

    await deployAndVerify({ ...broken, image: 'registry.example/api:1.4.0' });
    assert.equal((await answer(target)).components['api'], '1.4.0');
  });

  it('fail-deploy fails with a clear message and installs nothing', async () => {
    const step: Step = { target: 'acme-lab', component: 'web', version: '2.0.0', release: '2.3.0', image: 'registry.example/web:2.0.0-fail-deploy' };
    const deployed = await deploy(step);
    assert.equal(deployed.code, 1);
    assert.match(deployed.stderr, /deploy\.sh: cannot install web 2\.0\.0: the image registry\.example\/web:2\.0\.0-fail-deploy is marked fail-deploy/);
    assert.equal(existsSync(join(work, 'sites', 'acme-lab')), false);
    const verified = await verify(step);
    assert.equal(verified.code, 1);
    assert.match(verified.stderr, /acme-lab has no running service/);
  });

  it("refuses to run without the target's config, naming what is missing", async () => {
    const step: Step = { target: 'qa-lab', component: 'api', version: '1.4.0', release: '2.3.0' };
    const { API_KEY: _secret, ...withoutSecret } = serverEnvironment(step);
    const noSecret = await deploy(step, withoutSecret);
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /API_KEY is not set: the target's config must give it/);

    const { SITES_DIR: _sites, ...withoutSites } = serverEnvironment(step);
    const noSites = await deploy(step, withoutSites);
    assert.notEqual(noSites.code, 0);
    assert.match(noSites.stderr, /SITES_DIR: is not set/);

    const badName = await deploy({ ...step, component: '../escape' });
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /RINGMASTER_COMPONENT must be a lowercase name/);
    assert.equal(existsSync(join(work, 'sites', 'qa-lab')), false);
  });
});
