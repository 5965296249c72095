/**
 * The outgoing mail server, from RINGMASTER_SMTP_*. Settings that are missing
 * leave email switched off (src/notifications/email-status.ts says why) and
 * never stop the server; a value that is there but malformed does.
 */
// A cycle with config.ts, safe: ConfigError is only used when loadSmtpConfig runs, after both have loaded.
import { ConfigError } from './config.ts';

export interface SmtpConfig {
  host: string | undefined;
  port: number;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  /** Never logged, never in events, errors or API answers. */
  password: string | undefined;
  /** The sender, like `Ringmaster <ringmaster@example.com>`. */
  from: string | undefined;
  /** Check the server's certificate (turn off only for a test server with a self-signed one). */
  tlsRejectUnauthorized: boolean;
}

export function loadSmtpConfig(env: NodeJS.ProcessEnv): SmtpConfig {
  const text = (name: string) => env[name]?.trim() || undefined;
  const secure = flag(text('RINGMASTER_SMTP_SECURE'), 'RINGMASTER_SMTP_SECURE', false);
  const portText = text('RINGMASTER_SMTP_PORT');
  const port = portText === undefined ? (secure ? 465 : 587) : Number(portText);
  if (portText !== undefined && (!/^\d+$/.test(portText) || port < 1 || port > 65535)) {
    throw new ConfigError(`RINGMASTER_SMTP_PORT must be a number from 1 to 65535, got '${portText}'`);
  }
  const from = text('RINGMASTER_SMTP_FROM');
  if (from !== undefined && !/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
    throw new ConfigError(`RINGMASTER_SMTP_FROM must be an email address, like ringmaster@example.com or "Ringmaster <ringmaster@example.com>", got '${from}'`);
  }
  return {
    host: text('RINGMASTER_SMTP_HOST'),
    port,
    secure,
    user: text('RINGMASTER_SMTP_USER'),
    // A password may begin or end with spaces: taken as given.
    password: env.RINGMASTER_SMTP_PASSWORD || undefined,
    from,
    tlsRejectUnauthorized: flag(text('RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED'), 'RINGMASTER_SMTP_TLS_REJECT_UNAUTHORIZED', true),
  };
}

function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  throw new ConfigError(`${name} must be true or false, got '${value}'`);
}
