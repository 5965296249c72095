/**
 * Server configuration from flags and environment, validated before anything
 * starts: a bad value stops the server with a message naming it.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSmtpConfig, type SmtpConfig } from './smtp-config.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** base64 of 32 bytes; when unset the key lives in <dataDir>/secret.key. */
  secretKey: string | undefined;
  logLevel: LogLevel;
  /** The URL printed for people and used in links; defaults to http://host:port. */
  publicUrl: string | undefined;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Push deployments this server runs at once. */
  deployConcurrency: number;
  /** How long a claimed deployment stays ours without a heartbeat: a crashed server's work is resumed after it. */
  leaseSeconds: number;
  /** Where push targets' deploy commands run: relative paths in the product file resolve here. */
  deployDir: string;
  /** How long the server holds an agent's poll when nothing changes. */
  agentPollSeconds: number;
  /** A pull target whose agent has not called in for this long is unreachable. */
  agentUnreachableSeconds: number;
  /** The outgoing mail server for email notifiers; incomplete settings switch email off, nothing more. */
  smtp: SmtpConfig;
}

export interface ConfigFlags {
  host?: string | undefined;
  port?: string | undefined;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  publicUrl?: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}): Config {
  const pick = (flag: string | undefined, envName: string) => (flag ?? env[envName])?.trim() || undefined;

  const portText = pick(flags.port, 'RINGMASTER_PORT') ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`port (--port / RINGMASTER_PORT) must be a number from 0 to 65535, got '${portText}'`);
  }

  const logLevel = pick(flags.logLevel, 'RINGMASTER_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`log level (--log-level / RINGMASTER_LOG_LEVEL) must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }

  const databaseUrl = pick(flags.databaseUrl, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('database URL (--database-url / DATABASE_URL) must start with postgres:// or postgresql://');
  }

  const secretKey = env.RINGMASTER_SECRET_KEY?.trim() || undefined;
  if (secretKey !== undefined && Buffer.from(secretKey, 'base64').length !== 32) {
    throw new ConfigError('RINGMASTER_SECRET_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
  }

  const deployConcurrency = wholeNumber(env.RINGMASTER_DEPLOY_CONCURRENCY, 'RINGMASTER_DEPLOY_CONCURRENCY', 4, 1, 256);
  const leaseSeconds = wholeNumber(env.RINGMASTER_LEASE_SECONDS, 'RINGMASTER_LEASE_SECONDS', 30, 2, 3600);

  const agentPollSeconds = wholeNumber(env.RINGMASTER_AGENT_POLL_SECONDS, 'RINGMASTER_AGENT_POLL_SECONDS', 30, 1, 120);
  const agentUnreachableSeconds = wholeNumber(env.RINGMASTER_AGENT_UNREACHABLE_SECONDS, 'RINGMASTER_AGENT_UNREACHABLE_SECONDS', 300, 2, 30 * 24 * 3600);

  const publicUrl = pick(flags.publicUrl, 'RINGMASTER_PUBLIC_URL');
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
    throw new ConfigError(`public URL (--public-url / RINGMASTER_PUBLIC_URL) is not a URL: '${publicUrl}'`);
  }

  return {
    host: pick(flags.host, 'RINGMASTER_HOST') ?? '127.0.0.1',
    port,
    dataDir: resolve(pick(flags.dataDir, 'RINGMASTER_DATA_DIR') ?? 'data'),
    databaseUrl,
    secretKey,
    logLevel: logLevel as LogLevel,
    publicUrl,
    bodyLimit: 2 * 1024 * 1024,
    deployConcurrency,
    leaseSeconds,
    deployDir: deployDir(env.RINGMASTER_DEPLOY_DIR),
    agentPollSeconds,
    agentUnreachableSeconds,
    smtp: loadSmtpConfig(env),
  };
}

function deployDir(text: string | undefined): string {
  const dir = resolve(text?.trim() || '.');
  if (text?.trim() && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`RINGMASTER_DEPLOY_DIR must be an existing folder, got '${text.trim()}'`);
  }
  return dir;
}

function wholeNumber(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  const value = text?.trim();
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}
