/**
 * The login `ringmaster login` saves: server and token in
 * $XDG_CONFIG_HOME/ringmaster/config.json (default ~/.config/…), readable by
 * its owner only, since the token is a credential.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { CliError } from './cli-errors.ts';

export interface SavedLogin {
  server: string;
  token: string;
}

export function savedLoginPath(env: Record<string, string | undefined>): string {
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env['XDG_CONFIG_HOME'];
  const configHome = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(configHome, 'ringmaster', 'config.json');
}

/** Null when there is no saved login; an unreadable file is an error naming it. */
export async function readSavedLogin(path: string): Promise<SavedLogin | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read the saved login ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const login = value as Partial<SavedLogin> | undefined;
  if (typeof login?.server !== 'string' || typeof login.token !== 'string') {
    throw new CliError(`the saved login ${path} is damaged: run \`ringmaster login\` again, or \`ringmaster logout\` to remove it`);
  }
  return { server: login.server, token: login.token };
}

export async function saveLogin(path: string, login: SavedLogin): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // A fresh file created 0600, then renamed: the token is never readable by others, not even briefly.
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify({ server: login.server, token: login.token }, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600); // exactly 0600, whatever the umask
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`cannot save the login to ${path}: ${(error as Error).message}`);
  }
}

/** True when there was a saved login to remove. */
export async function removeSavedLogin(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot remove the saved login ${path}: ${(error as Error).message}`);
  }
}
