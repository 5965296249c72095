import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SmtpConfig } from '../platform/config/smtp-config.ts';
import { emailStatus } from './email-status.ts';

const NONE: SmtpConfig = { host: undefined, port: 587, secure: false, user: undefined, password: undefined, from: undefined, tlsRejectUnauthorized: true };
const FULL: SmtpConfig = { ...NONE, host: 'mail.example.com', from: 'ringmaster@example.com' };

describe('emailStatus', () => {
  const cases: { what: string; smtp: SmtpConfig; enabled: boolean; reason: string | null; server?: string }[] = [
    { what: 'nothing set', smtp: NONE, enabled: false, reason: 'email is off: RINGMASTER_SMTP_HOST and RINGMASTER_SMTP_FROM are not set' },
    { what: 'a host without a sender', smtp: { ...NONE, host: 'mail.example.com' }, enabled: false, reason: 'email is off: RINGMASTER_SMTP_FROM is not set' },
    { what: 'a sender without a host', smtp: { ...NONE, from: 'rm@example.com' }, enabled: false, reason: 'email is off: RINGMASTER_SMTP_HOST is not set' },
    { what: 'host and sender', smtp: FULL, enabled: true, reason: null, server: 'mail.example.com:587 (STARTTLS when offered)' },
    { what: 'host, sender, user and password, implicit TLS', smtp: { ...FULL, user: 'rm', password: 'pw', secure: true, port: 465 }, enabled: true, reason: null, server: 'mail.example.com:465 (TLS)' },
    {
      what: 'a user without a password',
      smtp: { ...FULL, user: 'rm' },
      enabled: false,
      reason: 'email is off: RINGMASTER_SMTP_USER is set without RINGMASTER_SMTP_PASSWORD (set both, or neither)',
    },
    {
      what: 'a password without a user',
      smtp: { ...FULL, password: 'pw' },
      enabled: false,
      reason: 'email is off: RINGMASTER_SMTP_PASSWORD is set without RINGMASTER_SMTP_USER (set both, or neither)',
    },
    {
      what: 'no host and a lone user: both problems named',
      smtp: { ...NONE, from: 'rm@example.com', user: 'rm' },
      enabled: false,
      reason: 'email is off: RINGMASTER_SMTP_HOST is not set; RINGMASTER_SMTP_USER is set without RINGMASTER_SMTP_PASSWORD (set both, or neither)',
    },
  ];
  for (const c of cases) {
    it(`${c.what}: email ${c.enabled ? 'on' : 'off'}`, () => {
      const status = emailStatus(c.smtp);
      assert.equal(status.enabled, c.enabled);
      assert.equal(status.reason, c.reason);
      assert.equal(status.server, c.server ?? null);
    });
  }

  it('never names the password, whatever it is', () => {
    for (const smtp of [{ ...FULL, user: 'rm', password: 'hunter2' }, { ...FULL, password: 'hunter2' }, { ...NONE, password: 'hunter2' }]) {
      assert.ok(!JSON.stringify(emailStatus(smtp)).includes('hunter2'));
    }
  });
});
