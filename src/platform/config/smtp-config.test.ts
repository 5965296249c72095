import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('SMTP settings', () => {
  it('are all unset by default: the server starts, with email off', () => {
    assert.deepEqual(loadConfig({}).smtp, {
      host: undefined,
      port: 587,
      secure: false,
      user: undefined,
      password: undefined,
      from: undefined,
      tlsRejectUnauthorized: true,
    });
  });

  it('read every variable, and default the port to 465 with implicit TLS', () => {
    const smtp = loadConfig({
      RINGMASTER_SMTP_HOST: ' mail.example.com ',
      RINGMASTER_SMTP_SECURE: 'true',
      RINGMASTER_SMTP_USER: 'ringmaster',
      RINGMASTER_SMTP_PASSWORD: ' pass word ',
      RINGMASTER_SMTP_FROM: 'Ringmaster <ringmaster@example.com>',
      RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
    }).smtp;
    assert.deepEqual(smtp, {
      host: 'mail.example.com',
      port: 465,
      secure: true,
      user: 'ringmaster',
      password: ' pass word ',
      from: 'Ringmaster <ringmaster@example.com>',
      tlsRejectUnauthorized: false,
    });
    assert.equal(loadConfig({ RINGMASTER_SMTP_PORT: '2525', RINGMASTER_SMTP_SECURE: 'yes' }).smtp.port, 2525);
  });

  it('leave incomplete settings to email-status: a user without a password or a host without a sender still starts', () => {
    assert.equal(loadConfig({ RINGMASTER_SMTP_USER: 'someone' }).smtp.user, 'someone');
    assert.equal(loadConfig({ RINGMASTER_SMTP_HOST: 'mail.example.com' }).smtp.from, undefined);
  });

  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['a port that is not a number', { RINGMASTER_SMTP_PORT: 'smtp' }, /RINGMASTER_SMTP_PORT must be a number from 1 to 65535, got 'smtp'/],
    ['a port of zero', { RINGMASTER_SMTP_PORT: '0' }, /RINGMASTER_SMTP_PORT/],
    ['a port out of range', { RINGMASTER_SMTP_PORT: '70000' }, /RINGMASTER_SMTP_PORT/],
    ['secure that is not a yes or no', { RINGMASTER_SMTP_SECURE: 'tls' }, /RINGMASTER_SMTP_SECURE must be true or false, got 'tls'/],
    ['a certificate check that is not a yes or no', { RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED: 'never' }, /RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED must be true or false/],
    ['a sender that is not an address', { RINGMASTER_SMTP_FROM: 'ringmaster' }, /RINGMASTER_SMTP_FROM must be an email address/],
  ];
  for (const [what, env, message] of bad) {
    it(`stop the server on ${what}, naming it`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }

  it('never put the password in a refusal', () => {
    assert.throws(
      () => loadConfig({ RINGMASTER_SMTP_PASSWORD: 'hunter2', RINGMASTER_SMTP_PORT: 'x' }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('hunter2'),
    );
  });
});
