/**
 * Which server and token a command uses: flags, then the environment, then the
 * saved login. The saved token is only ever sent to the server it was saved
 * for, so `--server elsewhere` cannot leak it.
 */
import type { Command } from 'commander';
import { type ApiClient, createApiClient } from '../client/api-client.ts';
import { CliError, UsageError } from './cli-errors.ts';
import type { CliContext } from './cli-io.ts';
import { readSavedLogin, type SavedLogin, savedLoginPath } from './saved-login.ts';

export interface ConnectionFlags {
  server?: string | undefined;
  token?: string | undefined;
  json?: boolean | undefined;
}

export interface Connection {
  server: string;
  token: string;
  /** For messages: "the --token flag", "RINGMASTER_TOKEN", "the saved login (path)". */
  tokenSource: string;
}

export const NOT_LOGGED_IN = 'not logged in: run `ringmaster login` or set RINGMASTER_SERVER and RINGMASTER_TOKEN';

/** Every command that talks to a server takes these, plus --json. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--server <url>', 'Ringmaster server URL (RINGMASTER_SERVER; default: the saved login)')
    .option('--token <token>', 'API token (RINGMASTER_TOKEN; default: the saved login)')
    .option('--json', "print the server's JSON answer instead of a table");
}

/** `http(s)://host[:port][/prefix]`, without trailing slashes; anything else is a usage error. */
export function normalizeServer(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) {
    throw new UsageError(`the server must be an http:// or https:// URL, got '${text}'`);
  }
  return trimmed;
}

export function resolveConnection(flags: ConnectionFlags, env: Record<string, string | undefined>, saved: SavedLogin | null, savedPath: string): Connection {
  const serverText = flags.server || env['RINGMASTER_SERVER'] || saved?.server;
  if (!serverText) throw new CliError(NOT_LOGGED_IN);
  const server = normalizeServer(serverText);
  if (flags.token) return { server, token: flags.token, tokenSource: 'the --token flag' };
  if (env['RINGMASTER_TOKEN']) return { server, token: env['RINGMASTER_TOKEN'], tokenSource: 'RINGMASTER_TOKEN' };
  if (saved && normalizeServer(saved.server) === server) return { server, token: saved.token, tokenSource: `the saved login (${savedPath})` };
  if (saved) throw new CliError(`not logged in to ${server} (the saved login is for ${saved.server}): run \`ringmaster login --server ${server}\` or set RINGMASTER_TOKEN`);
  throw new CliError(NOT_LOGGED_IN);
}

/** A client for the resolved server and token; remembers the token's source for error messages. */
export async function connect(context: CliContext, flags: ConnectionFlags): Promise<ApiClient> {
  const path = savedLoginPath(context.io.env);
  const needsSaved = !(flags.server || context.io.env['RINGMASTER_SERVER']) || !(flags.token || context.io.env['RINGMASTER_TOKEN']);
  const saved = needsSaved ? await readSavedLogin(path) : null;
  const connection = resolveConnection(flags, context.io.env, saved, path);
  context.tokenSource = connection.tokenSource;
  return createApiClient({ baseUrl: connection.server, token: connection.token, fetch: context.io.fetch });
}
