/**
 * Which deployment a pull target should be doing now, from its open
 * deployments. Pure: rows and the time in, a decision out.
 *
 * A started one comes first (its agent resumes it after a restart); then the
 * oldest pending one whose wave has begun in a deploying rollout; then the
 * newest skipped one, unless its release was rejected or withdrawn since.
 * A maintenance window shut now holds a deployment that has not started.
 */
import { holdUntilText } from '../deployments/maintenance-window.ts';

export interface OpenDeployment {
  id: string;
  state: string;
  wave: number;
  createdAt: string;
  seq: number;
  attempts: number;
  rolloutState: string;
  currentWave: number;
  releaseState: string;
}

export interface Pick {
  id: string;
  /** ISO instant or 'never' while the window holds it; null when it may start. */
  holdUntil: string | null;
}

const DEAD_RELEASES = new Set(['rejected', 'withdrawn']);

export function pickDesired(open: readonly OpenDeployment[], hold: number | 'never' | null): Pick | null {
  const byAge = [...open].sort((a, b) => (a.createdAt === b.createdAt ? a.seq - b.seq : a.createdAt < b.createdAt ? -1 : 1));
  const running = byAge.find((d) => d.state === 'running');
  if (running) return { id: running.id, holdUntil: null };
  const pending = byAge.find((d) => d.state === 'pending' && d.rolloutState === 'deploying' && d.wave <= d.currentWave);
  const skipped = byAge.filter((d) => d.state === 'skipped' && !DEAD_RELEASES.has(d.releaseState)).at(-1);
  const chosen = pending ?? skipped;
  return chosen ? { id: chosen.id, holdUntil: holdUntilText(hold) } : null;
}

/** The revision an agent polls against: changes exactly when what it should do changes. */
export function revisionOf(pick: Pick | null): string {
  if (pick === null) return 'idle';
  return pick.holdUntil === null ? pick.id : `${pick.id}.held-${pick.holdUntil}`;
}
