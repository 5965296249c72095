/**
 * Enrolment: the one-time code an admin made for this target is exchanged for
 * the agent's own token, saved with the server, product, target and the
 * server's bundle key in <work-dir>/agent.json, readable by its owner only.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../client/api-client.ts';
import { ApiError } from '../client/api-error.ts';
import { SAVED_ENROLMENT_FILE, type SavedEnrolment } from './agent-config.ts';
import { AgentFailedError } from './agent-errors.ts';
import { writeFileAtomic } from './atomic-file.ts';

export async function enrol(client: ApiClient, server: string, code: string, workDir: string): Promise<{ saved: SavedEnrolment; path: string }> {
  let answer;
  try {
    answer = await client.enrol(code, hostname().slice(0, 253));
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) throw new AgentFailedError(`the server refused the enrolment code: ${error.message}`);
    throw error;
  }
  const saved: SavedEnrolment = { server, token: answer.token, product: answer.product, target: answer.target, serverKey: answer.serverKey };
  const path = join(workDir, SAVED_ENROLMENT_FILE);
  await writeFileAtomic(path, `${JSON.stringify(saved, null, 2)}\n`, 0o600);
  return { saved, path };
}
