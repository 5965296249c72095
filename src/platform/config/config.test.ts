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
  ];
  for (const [what, env, message] of bad) {
    it(`stops on ${what}, naming it`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
