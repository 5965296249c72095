/**
 * What the work folder runs, as far as this agent knows: the release and the
 * manifest of the last install that succeeded (<work-dir>/.ringmaster-agent/installed.json).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../agents/agent-types.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { STATE_DIR } from './journal.ts';

export interface Installed {
  release: string;
  deployment: string;
  kind: Manifest['kind'];
  installedAt: string;
  manifest: Manifest;
}

export function installedPath(workDir: string): string {
  return join(workDir, STATE_DIR, 'installed.json');
}

export async function recordInstalled(workDir: string, manifest: Manifest, at: Date): Promise<void> {
  const record: Installed = { release: manifest.release, deployment: manifest.deployment, kind: manifest.kind, installedAt: at.toISOString(), manifest };
  await writeFileAtomic(installedPath(workDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** null when nothing was installed yet, or the file is not readable as a record. */
export async function readInstalled(workDir: string): Promise<Installed | null> {
  try {
    const value = JSON.parse(await readFile(installedPath(workDir), 'utf8')) as Partial<Installed>;
    return typeof value.release === 'string' && typeof value.deployment === 'string' ? (value as Installed) : null;
  } catch {
    return null;
  }
}
