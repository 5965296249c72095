import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliError, UsageError } from './cli-errors.ts';
import { NOT_LOGGED_IN, normalizeServer, resolveConnection } from './connection.ts';

const saved = { server: 'https://rm.example.com', token: 'rm_saved' };
const PATH = '/home/x/.config/ringmaster/config.json';

describe('resolveConnection', () => {
  it('prefers flags, then the environment, then the saved login', () => {
    const env = { RINGMASTER_SERVER: 'https://rm.example.com', RINGMASTER_TOKEN: 'rm_env' };
    assert.deepEqual(resolveConnection({ server: 'https://rm.example.com/', token: 'rm_flag' }, env, saved, PATH), { server: 'https://rm.example.com', token: 'rm_flag', tokenSource: 'the --token flag' });
    assert.deepEqual(resolveConnection({}, env, saved, PATH), { server: 'https://rm.example.com', token: 'rm_env', tokenSource: 'RINGMASTER_TOKEN' });
    assert.deepEqual(resolveConnection({}, {}, saved, PATH), { server: 'https://rm.example.com', token: 'rm_saved', tokenSource: `the saved login (${PATH})` });
  });

  it('ignores empty environment variables', () => {
    assert.equal(resolveConnection({}, { RINGMASTER_SERVER: '', RINGMASTER_TOKEN: '' }, saved, PATH).token, 'rm_saved');
  });

  it('sends the saved token only to the server it was saved for', () => {
    assert.throws(() => resolveConnection({ server: 'https://evil.example.com' }, {}, saved, PATH), (e: unknown) => e instanceof CliError && /not logged in to https:\/\/evil\.example\.com/.test(e.message));
    assert.throws(() => resolveConnection({}, { RINGMASTER_SERVER: 'http://other:8080' }, saved, PATH), /saved login is for https:\/\/rm\.example\.com/);
  });

  it('says how to log in when nothing is configured', () => {
    assert.throws(() => resolveConnection({}, {}, null, PATH), { message: NOT_LOGGED_IN });
    assert.throws(() => resolveConnection({ server: 'http://a' }, {}, null, PATH), { message: NOT_LOGGED_IN });
    assert.throws(() => resolveConnection({ token: 'rm_x' }, {}, null, PATH), { message: NOT_LOGGED_IN });
  });
});

describe('normalizeServer', () => {
  it('keeps http(s) URLs without trailing slashes, path prefixes included', () => {
    assert.equal(normalizeServer(' https://rm.example.com/ '), 'https://rm.example.com');
    assert.equal(normalizeServer('http://10.0.0.1:8080/ringmaster//'), 'http://10.0.0.1:8080/ringmaster');
  });

  it('refuses anything else as a usage error', () => {
    for (const bad of ['localhost:8080', 'ftp://x', '', 'http://']) {
      assert.throws(() => normalizeServer(bad), (e: unknown) => e instanceof UsageError && e.exitCode === 2, bad);
    }
  });
});
