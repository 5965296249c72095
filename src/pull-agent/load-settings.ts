/** Reads the files the agent's settings may come from, then checks them all (agent-config.ts). */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  AgentConfigError, type AgentFlags, type AgentSettings, type FileConfig, parseConfigFile, parseSavedEnrolment, resolveSettings, resolveWorkDir,
  SAVED_ENROLMENT_FILE, type SavedEnrolment,
} from './agent-config.ts';

export async function loadSettings(flags: AgentFlags, env: Record<string, string | undefined>, cwd: string): Promise<AgentSettings> {
  let file: FileConfig | null = null;
  if (flags.config !== undefined) {
    const path = resolve(cwd, flags.config);
    file = parseConfigFile(await readText(path, 'the config file'), path);
  }
  const workDir = resolveWorkDir(flags, file, cwd);
  const folder = await stat(workDir).catch(() => null);
  if (!folder?.isDirectory()) throw new AgentConfigError(`the work folder ${workDir} ${folder === null ? 'does not exist' : 'is not a folder'}`);
  const savedPath = join(workDir, SAVED_ENROLMENT_FILE);
  // Enrolling replaces what is saved: a damaged or revoked enrolment must not stand in the way.
  const savedText = flags.enrol === undefined ? await readText(savedPath, 'the saved enrolment', true) : null;
  const saved: SavedEnrolment | null = savedText === null ? null : parseSavedEnrolment(savedText, savedPath);
  const serverKeyText = flags.serverKey === undefined ? null : await readText(resolve(cwd, flags.serverKey), 'the --server-key file');
  return resolveSettings({ flags, env, cwd, file, saved, serverKeyText });
}

function readText(path: string, what: string): Promise<string>;
function readText(path: string, what: string, optional: true): Promise<string | null>;
async function readText(path: string, what: string, optional = false): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === 'ENOENT') return null;
    throw new AgentConfigError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable')}`);
  }
}
