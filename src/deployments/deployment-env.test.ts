import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_ENV_DOC, type StepEnvInput, stepEnv } from './deployment-env.ts';

const input: StepEnvInput = {
  product: 'shop',
  release: '2.3.0',
  ring: 'early',
  target: 'eu-1',
  component: 'api',
  version: '1.4.0',
  artifact: 'api-1-4-0-abc1234',
  commit: 'abc1234def5678',
  branch: 'main',
  artifacts: { image: 'registry/api:1.4.0', 'helm-chart': 'oci://charts/api:1.4.0' },
  action: 'deploy',
  deploymentId: 'dep_01',
  attempt: 2,
  config: { SMTP_HOST: 'mail.local', DB_PASSWORD: 'hunter2' },
  baseEnv: {
    PATH: '/usr/bin:/bin',
    HOME: '/var/lib/ringmaster',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    RINGMASTER_SECRET_KEY: 'server-key',
    DATABASE_URL: 'postgres://ringmaster:pw@db/ringmaster',
    AWS_SECRET_ACCESS_KEY: 'aws',
    NODE_OPTIONS: '--inspect',
  },
};

describe('stepEnv', () => {
  it('describes the deployment, then adds the configuration and a few server variables', () => {
    assert.deepEqual(stepEnv(input), {
      PATH: '/usr/bin:/bin',
      HOME: '/var/lib/ringmaster',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      RINGMASTER_PRODUCT: 'shop',
      RINGMASTER_RELEASE: '2.3.0',
      RINGMASTER_RING: 'early',
      RINGMASTER_TARGET: 'eu-1',
      RINGMASTER_COMPONENT: 'api',
      RINGMASTER_VERSION: '1.4.0',
      RINGMASTER_ARTIFACT: 'api-1-4-0-abc1234',
      RINGMASTER_COMMIT: 'abc1234def5678',
      RINGMASTER_BRANCH: 'main',
      RINGMASTER_ARTIFACT_IMAGE: 'registry/api:1.4.0',
      RINGMASTER_ARTIFACT_HELM_CHART: 'oci://charts/api:1.4.0',
      RINGMASTER_ACTION: 'deploy',
      RINGMASTER_DEPLOYMENT: 'dep_01',
      RINGMASTER_ATTEMPT: '2',
      SMTP_HOST: 'mail.local',
      DB_PASSWORD: 'hunter2',
    });
  });

  it('passes none of the server’s other variables', () => {
    const env = stepEnv(input);
    for (const name of ['RINGMASTER_SECRET_KEY', 'DATABASE_URL', 'AWS_SECRET_ACCESS_KEY', 'NODE_OPTIONS']) assert.equal(env[name], undefined, name);
    assert.ok(!Object.values(env).includes('server-key'));
  });

  const cases: { name: string; change: Partial<StepEnvInput>; expect: Record<string, string | undefined> }[] = [
    {
      name: 'configuration cannot replace a RINGMASTER_ variable',
      change: { config: { RINGMASTER_ACTION: 'rollback', RINGMASTER_TARGET: 'prod', RINGMASTER_SECRET_KEY: 'x' } },
      expect: { RINGMASTER_ACTION: 'deploy', RINGMASTER_TARGET: 'eu-1', RINGMASTER_SECRET_KEY: undefined },
    },
    {
      name: 'configuration cannot replace PATH or HOME',
      change: { config: { PATH: '/opt/evil/bin', HOME: '/home/evil' } },
      expect: { PATH: '/usr/bin:/bin', HOME: '/var/lib/ringmaster' },
    },
    {
      name: 'configuration cannot set PATH or HOME the server lacks',
      change: { baseEnv: {}, config: { PATH: '/opt/evil/bin', HOME: '/home/evil' } },
      expect: { PATH: undefined, HOME: undefined },
    },
    {
      name: 'configuration may set the locale and time zone',
      change: { config: { LANG: 'de_DE.UTF-8', TZ: 'Europe/Berlin' } },
      expect: { LANG: 'de_DE.UTF-8', TZ: 'Europe/Berlin' },
    },
    {
      name: 'a configuration key that is no variable name is dropped',
      change: { config: { 'PATH=/opt/evil/bin:': 'x', 'BAD KEY': 'y', lower: 'z', GOOD_1: 'ok' } },
      expect: { PATH: '/usr/bin:/bin', GOOD_1: 'ok', lower: undefined, 'BAD KEY': undefined, 'PATH=/opt/evil/bin:': undefined },
    },
    {
      name: 'the server variables present are taken, absent ones left out',
      change: { baseEnv: { PATH: '/bin', LC_ALL: 'C', TMPDIR: '/scratch' } },
      expect: { PATH: '/bin', HOME: undefined, LANG: undefined, LC_ALL: 'C', TZ: undefined, TMPDIR: '/scratch' },
    },
    {
      name: 'artifact kinds become upper-case names, other characters underscores',
      change: { artifacts: { 'sbom.json': 's', 'Docker Image': 'd', wasm32: 'w' } },
      expect: { RINGMASTER_ARTIFACT_SBOM_JSON: 's', RINGMASTER_ARTIFACT_DOCKER_IMAGE: 'd', RINGMASTER_ARTIFACT_WASM32: 'w', RINGMASTER_ARTIFACT_IMAGE: undefined },
    },
    {
      name: 'of two kinds making one name, the first in code-point order wins',
      change: { artifacts: { 'helm_chart': 'second', 'helm-chart': 'first' } },
      expect: { RINGMASTER_ARTIFACT_HELM_CHART: 'first' },
    },
    {
      name: 'a rollback says so',
      change: { action: 'rollback', attempt: 1 },
      expect: { RINGMASTER_ACTION: 'rollback', RINGMASTER_ATTEMPT: '1' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const env = stepEnv({ ...input, ...c.change });
      for (const [name, value] of Object.entries(c.expect)) assert.equal(env[name], value, name);
    });
  }

  it('sets only documented RINGMASTER_ variables', () => {
    const documented = STEP_ENV_DOC.map((d) => new RegExp(`^${d.name.replace('<KIND>', '[A-Z0-9_]+')}$`));
    const names = Object.keys(stepEnv(input)).filter((name) => name.startsWith('RINGMASTER_'));
    assert.equal(names.length, 14);
    for (const name of names) assert.ok(documented.some((pattern) => pattern.test(name)), `${name} is documented`);
    for (const pattern of documented) assert.ok(names.some((name) => pattern.test(name)), `${pattern} is set`);
    for (const d of STEP_ENV_DOC) assert.ok(d.meaning.length > 0);
  });
});
