import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AgentConfigError, type ConfigSources, DEFAULT_MAX_BACKOFF_SECONDS, DEFAULT_POLL_SECONDS, parseConfigFile, parseSavedEnrolment, resolveSettings,
} from './agent-config.ts';

const PEM = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const TOKEN = 'rm_agent_s3cr3t_value';
const SAVED = { server: 'https://saved.example', token: 'rm_saved_token', product: 'shop', target: 'acme', serverKey: PEM };

function sources(overrides: Partial<ConfigSources> = {}): ConfigSources {
  return { flags: {}, env: {}, cwd: '/srv/agent', file: null, saved: null, serverKeyText: null, ...overrides };
}

function refused(overrides: Partial<ConfigSources>, pattern: RegExp): void {
  assert.throws(() => resolveSettings(sources(overrides)), (error: unknown) => {
    assert.ok(error instanceof AgentConfigError, String(error));
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(TOKEN), 'the message never repeats the token');
    return true;
  });
}

describe('agent settings', () => {
  it('takes flags, with defaults for the rest', () => {
    const settings = resolveSettings(sources({ flags: { server: 'http://rm.test:8080/', token: TOKEN } }));
    assert.deepEqual(settings, {
      mode: 'online', server: 'http://rm.test:8080', token: TOKEN, workDir: '/srv/agent', serverKey: null,
      pollSeconds: DEFAULT_POLL_SECONDS, maxBackoffSeconds: DEFAULT_MAX_BACKOFF_SECONDS, once: false,
    });
  });

  it('takes the token from RINGMASTER_AGENT_TOKEN, and the flag over it', () => {
    const env = { RINGMASTER_AGENT_TOKEN: 'rm_from_env' };
    assert.equal((resolveSettings(sources({ flags: { server: 'http://a' }, env })) as { token: string }).token, 'rm_from_env');
    assert.equal((resolveSettings(sources({ flags: { server: 'http://a', token: TOKEN }, env })) as { token: string }).token, TOKEN);
  });

  it('needs only the work folder after enrolment, and flags and the config file win over what was saved', () => {
    const fromSaved = resolveSettings(sources({ flags: { workDir: 'site' }, saved: SAVED }));
    assert.equal(fromSaved.mode, 'online');
    assert.deepEqual([fromSaved.workDir, (fromSaved as { server: string }).server, (fromSaved as { token: string }).token], ['/srv/agent/site', SAVED.server, SAVED.token]);
    assert.equal((fromSaved as { serverKey: string }).serverKey, PEM);
    const fromFile = resolveSettings(sources({ flags: { config: 'etc/agent.json' }, file: { server: 'http://file.test', token: 'rm_file', workDir: '../work' }, saved: SAVED }));
    assert.deepEqual([fromFile.workDir, (fromFile as { server: string }).server, (fromFile as { token: string }).token], ['/srv/agent/work', 'http://file.test', 'rm_file']);
  });

  it('reads --poll-seconds, --max-backoff and --once', () => {
    const settings = resolveSettings(sources({ flags: { server: 'http://a', token: TOKEN, pollSeconds: '5', maxBackoff: '10', once: true } }));
    assert.deepEqual([(settings as { pollSeconds: number }).pollSeconds, (settings as { maxBackoffSeconds: number }).maxBackoffSeconds, (settings as { once: boolean }).once], [5, 10, true]);
  });

  it('enrols with a code and no token', () => {
    const settings = resolveSettings(sources({ flags: { server: 'http://a', enrol: ' ABCD-1234 ' } }));
    assert.equal(settings.mode, 'enrol');
    assert.equal((settings as { code: string }).code, 'ABCD-1234');
  });

  it('installs an offline bundle with the saved key or --server-key, the result next to the bundle by default', () => {
    const saved = resolveSettings(sources({ flags: { offlineBundle: 'b/shop-1.0.0.rmb' }, saved: SAVED }));
    assert.deepEqual(saved, { mode: 'offline', bundle: '/srv/agent/b/shop-1.0.0.rmb', result: '/srv/agent/b/shop-1.0.0.rmb.result.json', workDir: '/srv/agent', serverKey: PEM });
    const flagged = resolveSettings(sources({ flags: { offlineBundle: '/x.rmb', result: 'out.json', serverKey: 'key.pem' }, serverKeyText: PEM }));
    assert.deepEqual([(flagged as { result: string }).result, (flagged as { serverKey: string }).serverKey], ['/srv/agent/out.json', PEM]);
  });

  const bad: { name: string; overrides: Partial<ConfigSources>; message: RegExp }[] = [
    { name: 'no server', overrides: { flags: { token: TOKEN } }, message: /no server: pass --server URL/ },
    { name: 'no token', overrides: { flags: { server: 'http://a' } }, message: /no agent token: pass --token, set RINGMASTER_AGENT_TOKEN/ },
    { name: 'a server that is no URL', overrides: { flags: { server: 'rm.example.com', token: TOKEN } }, message: /--server must be an http:\/\/ or https:\/\/ URL, got 'rm.example.com'/ },
    { name: 'an ftp server', overrides: { flags: { server: 'ftp://rm.example.com', token: TOKEN } }, message: /--server must be an http/ },
    { name: 'credentials in the URL', overrides: { flags: { server: 'https://me:pw@rm.example.com', token: TOKEN } }, message: /must not hold a user name or password/ },
    { name: 'a token with a space', overrides: { flags: { server: 'http://a', token: `${TOKEN} x` } }, message: /--token is not a valid token/ },
    { name: 'a bad token in the environment', overrides: { flags: { server: 'http://a' }, env: { RINGMASTER_AGENT_TOKEN: `${TOKEN}\n` + '\u0007' } }, message: /RINGMASTER_AGENT_TOKEN is not a valid token/ },
    { name: 'poll seconds 0', overrides: { flags: { server: 'http://a', token: TOKEN, pollSeconds: '0' } }, message: /--poll-seconds must be a whole number from 1 to 120, got '0'/ },
    { name: 'poll seconds 121', overrides: { flags: { server: 'http://a', token: TOKEN, pollSeconds: '121' } }, message: /--poll-seconds must be a whole number from 1 to 120/ },
    { name: 'poll seconds 1.5', overrides: { flags: { server: 'http://a', token: TOKEN, pollSeconds: '1.5' } }, message: /--poll-seconds must be a whole number/ },
    { name: 'max backoff abc', overrides: { flags: { server: 'http://a', token: TOKEN, maxBackoff: 'abc' } }, message: /--max-backoff must be a whole number from 1 to 86400, got 'abc'/ },
    { name: 'an empty enrolment code', overrides: { flags: { server: 'http://a', enrol: '  ' } }, message: /--enrol needs the one-time code/ },
    { name: 'enrol and offline together', overrides: { flags: { enrol: 'X', offlineBundle: 'b' } }, message: /--enrol and --offline-bundle cannot be used together/ },
    { name: '--result without a bundle', overrides: { flags: { server: 'http://a', token: TOKEN, result: 'r.json' } }, message: /--result goes with --offline-bundle/ },
    { name: '--server-key without a bundle', overrides: { flags: { server: 'http://a', token: TOKEN, serverKey: 'k.pem' } }, message: /--server-key goes with --offline-bundle/ },
    { name: 'a bundle without a key', overrides: { flags: { offlineBundle: 'b' } }, message: /no server key to check the bundle with/ },
    { name: 'a server key that is no PEM', overrides: { flags: { offlineBundle: 'b', serverKey: 'k' }, serverKeyText: 'hello' }, message: /the --server-key file is not a PEM public key/ },
    { name: 'an empty work folder', overrides: { flags: { server: 'http://a', token: TOKEN, workDir: ' ' } }, message: /--work-dir must name a folder/ },
  ];
  for (const row of bad) it(`refuses ${row.name}`, () => refused(row.overrides, row.message));
});

describe('the config file and the saved enrolment', () => {
  it('reads the known keys', () => {
    assert.deepEqual(parseConfigFile(JSON.stringify({ server: 'http://a', token: TOKEN, workDir: '/w', serverKey: PEM }), 'a.json'), { server: 'http://a', token: TOKEN, workDir: '/w', serverKey: PEM });
  });

  const badFiles: { name: string; text: string; message: RegExp }[] = [
    { name: 'broken JSON', text: `{"token": ${TOKEN}}`, message: /^a\.json is not valid JSON$/ },
    { name: 'a list', text: '[1]', message: /a\.json must hold a JSON object/ },
    { name: 'an unknown key', text: '{"tokne": "x"}', message: /a\.json: unknown key 'tokne' \(the keys are server, token, workDir, serverKey\)/ },
    { name: 'a number', text: '{"server": 8080}', message: /'server' must be a non-empty string/ },
    { name: 'an empty string', text: '{"token": ""}', message: /'token' must be a non-empty string/ },
  ];
  for (const row of badFiles) {
    it(`refuses ${row.name}, without repeating the file's content`, () => {
      assert.throws(() => parseConfigFile(row.text, 'a.json'), (error: unknown) => error instanceof AgentConfigError && row.message.test(error.message) && !error.message.includes(TOKEN));
    });
  }

  it('refuses a saved enrolment with a missing key', () => {
    assert.throws(() => parseSavedEnrolment(JSON.stringify({ ...SAVED, token: undefined }), 'agent.json'), /agent\.json: 'token' is missing: enrol again/);
    assert.deepEqual(parseSavedEnrolment(JSON.stringify(SAVED), 'agent.json'), SAVED);
  });

  it('answers any text with a config or a clear error, never a crash or the text itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.dictionary(fc.string(), fc.jsonValue()).map((o) => JSON.stringify({ ...o, token: TOKEN }))), (text) => {
        try {
          parseConfigFile(text, 'c.json');
        } catch (error) {
          assert.ok(error instanceof AgentConfigError, String(error));
          assert.ok(!error.message.includes(TOKEN));
        }
      }),
    );
  });
});
