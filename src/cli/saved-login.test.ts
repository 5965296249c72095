import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSavedLogin, removeSavedLogin, saveLogin, savedLoginPath } from './saved-login.ts';

describe('saved login', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringmaster-login-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(savedLoginPath({ XDG_CONFIG_HOME: '/x/conf', HOME: '/home/a' }), join('/x/conf', 'ringmaster', 'config.json'));
    assert.equal(savedLoginPath({ HOME: '/home/a' }), join('/home/a', '.config', 'ringmaster', 'config.json'));
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    assert.equal(savedLoginPath({ XDG_CONFIG_HOME: 'conf', HOME: '/home/a' }), join('/home/a', '.config', 'ringmaster', 'config.json'));
  });

  it('is written readable by its owner only, replaced whole, and removed', async () => {
    const path = join(dir, 'a', 'ringmaster', 'config.json');
    assert.equal(await readSavedLogin(path), null);
    await saveLogin(path, { server: 'http://one', token: 'rm_1' });
    await saveLogin(path, { server: 'http://two', token: 'rm_2' });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'a', 'ringmaster'))).mode & 0o077, 0);
    assert.deepEqual(await readSavedLogin(path), { server: 'http://two', token: 'rm_2' });
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { server: 'http://two', token: 'rm_2' });
    assert.equal(await removeSavedLogin(path), true);
    assert.equal(await removeSavedLogin(path), false);
  });

  it('names a damaged file', async () => {
    const path = join(dir, 'damaged.json');
    await writeFile(path, '{"server": 1}');
    await assert.rejects(readSavedLogin(path), { name: 'CliError', message: /the saved login .*damaged\.json is damaged/ });
  });
});
