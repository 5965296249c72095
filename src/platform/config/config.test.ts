import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on loopback port 8080', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.match(config.dataDir, /data$/);
  });

  it('runs deploy commands in the working directory unless told otherwise, four at a time, on 30-second leases', () => {
    const config = loadConfig({});
    assert.equal(config.deployDir, process.cwd());
    assert.equal(config.deployConcurrency, 4);
    assert.equal(config.leaseSeconds, 30);
    assert.equal(loadConfig({ RINGMASTER_DEPLOY_DIR: 'src' }).deployDir, `${process.cwd()}/src`);
  });

  it('prefers flags over the environment', () => {
    const config = loadConfig({ RINGMASTER_PORT: '9000', DATABASE_URL: 'postgres://a@b/c' }, { port: '9100' });
    assert.equal(config.port, 9100);
    assert.equal(config.databaseUrl, 'postgres://a@b/c');
  });

  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['a port that is not a number', { RINGMASTER_PORT: 'eighty' }, /port .* got 'eighty'/],
    ['a port out of range', { RINGMASTER_PORT: '70000' }, /port/],
    ['an unknown log level', { RINGMASTER_LOG_LEVEL: 'loud' }, /log level .* got 'loud'/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL\) must start with postgres/],
    ['a secret key of the wrong size', { RINGMASTER_SECRET_KEY: 'c2hvcnQ=' }, /RINGMASTER_SECRET_KEY must be 32 bytes/],
    ['a public URL that is not a URL', { RINGMASTER_PUBLIC_URL: 'not a url' }, /public URL/],
    ['a deploy concurrency of zero', { RINGMASTER_DEPLOY_CONCURRENCY: '0' }, /RINGMASTER_DEPLOY_CONCURRENCY must be a whole number from 1 to 256, got '0'/],
    ['a lease shorter than two seconds', { RINGMASTER_LEASE_SECONDS: '1' }, /RINGMASTER_LEASE_SECONDS must be a whole number from 2 to 3600/],
    ['a lease that is not a number', { RINGMASTER_LEASE_SECONDS: '30s' }, /RINGMASTER_LEASE_SECONDS .* got '30s'/],
    ['a deploy folder that does not exist', { RINGMASTER_DEPLOY_DIR: 'no/such/folder' }, /RINGMASTER_DEPLOY_DIR must be an existing folder, got 'no\/such\/folder'/],
  ];
  for (const [what, env, message] of bad) {
    it(`stops on ${what}, naming it`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
