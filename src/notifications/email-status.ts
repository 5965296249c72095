import type { SmtpConfig } from '../platform/config/smtp-config.ts';

/** Whether email notifiers can send, and if not, which settings are missing. */
export interface EmailStatus {
  enabled: boolean;
  /** Why email is off, naming the settings to add; null when it is on. */
  reason: string | null;
  /** host:port and how it is secured, for people to check; never the user or password. */
  server: string | null;
}

/**
 * Email is on when the host and the sender are set, and the user and password
 * come together or not at all. Anything less switches email off (with this
 * reason on `get notifiers`) and nothing else: the server starts regardless.
 */
export function emailStatus(smtp: SmtpConfig): EmailStatus {
  const missing = [smtp.host === undefined && 'RINGMASTER_SMTP_HOST', smtp.from === undefined && 'RINGMASTER_SMTP_FROM'].filter((name) => name !== false);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
  if (smtp.user !== undefined && smtp.password === undefined) problems.push('RINGMASTER_SMTP_USER is set without RINGMASTER_SMTP_PASSWORD (set both, or neither)');
  if (smtp.user === undefined && smtp.password !== undefined) problems.push('RINGMASTER_SMTP_PASSWORD is set without RINGMASTER_SMTP_USER (set both, or neither)');
  if (problems.length > 0) return { enabled: false, reason: `email is off: ${problems.join('; ')}`, server: null };
  return { enabled: true, reason: null, server: `${smtp.host}:${smtp.port} (${smtp.secure ? 'TLS' : 'STARTTLS when offered'})` };
}
