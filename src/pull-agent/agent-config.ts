/**
 * The agent's settings from its flags, its environment, an optional JSON
 * config file and what enrolment saved in the work folder. Parsing and
 * checking are pure (text in, settings or an AgentConfigError out); reading
 * the files is the caller's. No message ever repeats a token or key value.
 */
import { join, resolve } from 'node:path';

/** A setting is missing or wrong: the agent stops with exit code 2 and this message. */
export class AgentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentConfigError';
  }
}

/** The flags as commander hands them over: every value still text. */
export interface AgentFlags {
  server?: string | undefined;
  token?: string | undefined;
  workDir?: string | undefined;
  config?: string | undefined;
  enrol?: string | undefined;
  pollSeconds?: string | undefined;
  maxBackoff?: string | undefined;
  once?: boolean | undefined;
  offlineBundle?: string | undefined;
  result?: string | undefined;
  serverKey?: string | undefined;
}

/** The keys a --config file may hold. */
export interface FileConfig {
  server?: string;
  token?: string;
  workDir?: string;
  serverKey?: string;
}

/** What `--enrol` saves in <work-dir>/agent.json (mode 0600). */
export interface SavedEnrolment {
  server: string;
  token: string;
  product: string;
  target: string;
  serverKey: string;
}

export interface OnlineSettings {
  mode: 'online';
  server: string;
  token: string;
  workDir: string;
  serverKey: string | null;
  pollSeconds: number;
  maxBackoffSeconds: number;
  once: boolean;
}

export interface EnrolSettings extends Omit<OnlineSettings, 'mode' | 'token'> {
  mode: 'enrol';
  code: string;
}

export interface OfflineSettings {
  mode: 'offline';
  bundle: string;
  result: string;
  workDir: string;
  serverKey: string;
}

export type AgentSettings = OnlineSettings | EnrolSettings | OfflineSettings;

export const DEFAULT_POLL_SECONDS = 30;
export const DEFAULT_MAX_BACKOFF_SECONDS = 60;
/** The server holds a long poll at most this long. */
const MAX_POLL_SECONDS = 120;
const MAX_BACKOFF_LIMIT = 24 * 3600;
const FILE_KEYS = ['server', 'token', 'workDir', 'serverKey'] as const;
export const SAVED_ENROLMENT_FILE = 'agent.json';

/** The parts of the settings that come from files, read by the caller. */
export interface ConfigSources {
  flags: AgentFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The --config file, parsed (null without --config). */
  file: FileConfig | null;
  /** <work-dir>/agent.json, parsed (null when there is none). */
  saved: SavedEnrolment | null;
  /** The text of --server-key FILE (null without the flag). */
  serverKeyText: string | null;
}

/** The work folder: --work-dir, else the config file's workDir (relative to the file), else the current folder. */
export function resolveWorkDir(flags: AgentFlags, file: FileConfig | null, cwd: string): string {
  if (flags.workDir !== undefined) {
    if (flags.workDir.trim() === '') throw new AgentConfigError('--work-dir must name a folder');
    return resolve(cwd, flags.workDir);
  }
  if (file?.workDir !== undefined && flags.config !== undefined) return resolve(cwd, flags.config, '..', file.workDir);
  return resolve(cwd);
}

export function resolveSettings(sources: ConfigSources): AgentSettings {
  const { flags, env, cwd, file, saved } = sources;
  const workDir = resolveWorkDir(flags, file, cwd);
  if (flags.enrol !== undefined && flags.offlineBundle !== undefined) throw new AgentConfigError('--enrol and --offline-bundle cannot be used together');
  if (flags.offlineBundle === undefined) {
    if (flags.result !== undefined) throw new AgentConfigError('--result goes with --offline-bundle');
    if (flags.serverKey !== undefined) throw new AgentConfigError('--server-key goes with --offline-bundle');
  }

  if (flags.offlineBundle !== undefined) {
    if (flags.offlineBundle.trim() === '') throw new AgentConfigError('--offline-bundle must name a bundle file');
    const bundle = resolve(cwd, flags.offlineBundle);
    const result = flags.result !== undefined ? resolve(cwd, flags.result) : `${bundle}.result.json`;
    const key = sources.serverKeyText ?? file?.serverKey ?? saved?.serverKey ?? null;
    if (key === null) {
      throw new AgentConfigError(`no server key to check the bundle with: pass --server-key FILE (from \`ringmaster bundle key\`) or enrol this work folder first`);
    }
    const origin = sources.serverKeyText !== null ? `the --server-key file` : file?.serverKey !== undefined ? 'serverKey in the config file' : `serverKey in ${SAVED_ENROLMENT_FILE}`;
    return { mode: 'offline', bundle, result, workDir, serverKey: checkPem(key, origin) };
  }

  const serverText = flags.server ?? file?.server ?? saved?.server;
  if (serverText === undefined) throw new AgentConfigError(`no server: pass --server URL, or --enrol CODE once to save it in ${join(workDir, SAVED_ENROLMENT_FILE)}`);
  const server = checkServer(serverText, flags.server !== undefined ? '--server' : file?.server !== undefined ? 'server in the config file' : `server in ${SAVED_ENROLMENT_FILE}`);
  const pollSeconds = wholeNumber(flags.pollSeconds, '--poll-seconds', DEFAULT_POLL_SECONDS, 1, MAX_POLL_SECONDS);
  const maxBackoffSeconds = wholeNumber(flags.maxBackoff, '--max-backoff', DEFAULT_MAX_BACKOFF_SECONDS, 1, MAX_BACKOFF_LIMIT);
  const keyText = file?.serverKey ?? saved?.serverKey ?? null;
  const serverKey = keyText === null ? null : checkPem(keyText, file?.serverKey !== undefined ? 'serverKey in the config file' : `serverKey in ${SAVED_ENROLMENT_FILE}`);
  const common = { server, workDir, serverKey, pollSeconds, maxBackoffSeconds, once: flags.once === true };

  if (flags.enrol !== undefined) {
    const code = flags.enrol.trim();
    if (code === '' || /\s/.test(code) || code.length > 200) throw new AgentConfigError('--enrol needs the one-time code from `ringmaster enrolment create` (one word)');
    return { mode: 'enrol', ...common, code };
  }

  const fromEnv = env['RINGMASTER_AGENT_TOKEN'] === '' ? undefined : env['RINGMASTER_AGENT_TOKEN'];
  const tokenText = flags.token ?? fromEnv ?? file?.token ?? saved?.token;
  if (tokenText === undefined) {
    throw new AgentConfigError(`no agent token: pass --token, set RINGMASTER_AGENT_TOKEN, or enrol once with --enrol CODE (saved in ${join(workDir, SAVED_ENROLMENT_FILE)})`);
  }
  const origin = flags.token !== undefined ? '--token' : fromEnv !== undefined ? 'RINGMASTER_AGENT_TOKEN' : file?.token !== undefined ? 'token in the config file' : `token in ${SAVED_ENROLMENT_FILE}`;
  return { mode: 'online', ...common, token: checkToken(tokenText, origin) };
}

/** A --config file: a JSON object with only the known keys, each a non-empty string. */
export function parseConfigFile(text: string, name: string): FileConfig {
  const value = parseJsonObject(text, name);
  const config: FileConfig = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) throw new AgentConfigError(`${name}: unknown key '${key}' (the keys are ${FILE_KEYS.join(', ')})`);
    if (typeof item !== 'string' || item.trim() === '') throw new AgentConfigError(`${name}: '${key}' must be a non-empty string`);
    config[key as (typeof FILE_KEYS)[number]] = item;
  }
  return config;
}

/** <work-dir>/agent.json as enrolment wrote it. */
export function parseSavedEnrolment(text: string, name: string): SavedEnrolment {
  const value = parseJsonObject(text, name);
  const keys = ['server', 'token', 'product', 'target', 'serverKey'] as const;
  for (const key of keys) {
    if (typeof value[key] !== 'string' || (value[key] as string) === '') throw new AgentConfigError(`${name}: '${key}' is missing: enrol again with --enrol CODE`);
  }
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as unknown as SavedEnrolment;
}

function parseJsonObject(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the fault, which may be a token: say only where.
    throw new AgentConfigError(`${name} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AgentConfigError(`${name} must hold a JSON object`);
  return value as Record<string, unknown>;
}

export function checkServer(text: string, origin: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) throw new AgentConfigError(`${origin} must be an http:// or https:// URL, got '${text}'`);
  const url = new URL(trimmed);
  // Credentials in the URL would be printed with every message that names the server.
  if (url.username !== '' || url.password !== '') throw new AgentConfigError(`${origin} must not hold a user name or password: use the agent token`);
  return trimmed;
}

function checkToken(text: string, origin: string): string {
  const token = text.trim();
  if (token === '' || !/^[\x21-\x7e]+$/.test(token) || token.length > 1000) throw new AgentConfigError(`${origin} is not a valid token (one word of printable ASCII characters)`);
  return token;
}

function checkPem(text: string, origin: string): string {
  const pem = text.trim();
  if (!/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----$/.test(pem)) throw new AgentConfigError(`${origin} is not a PEM public key (-----BEGIN PUBLIC KEY----- …)`);
  return `${pem}\n`;
}

function wholeNumber(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new AgentConfigError(`${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  return n;
}
