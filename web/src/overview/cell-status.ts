import type { Overview } from '../app/api.ts';

export type OverviewRelease = Overview['releases'][number];
export type OverviewCell = OverviewRelease['cells'][number];

export interface CellStatus {
  /** What the cell says: waiting, deploying, succeeded, failed, halted, rejected, … */
  label: string;
  /** The StateBadge key for its colour. */
  tone: string;
  /** Targets done / total of the rollout, when there is one. */
  done: number;
  total: number;
  /** The rollout is moving: show its progress. */
  moving: boolean;
}

/**
 * How one release stands in one ring, in words. Pure, so it is tested apart.
 * Of the rings a release has not entered, only the next one (the previous ring
 * succeeded) is "waiting"; the ones beyond are blank, and so is every ring of a
 * release that cannot go on, except that a rejected release says so where it
 * would have gone next.
 */
export function cellStatus(cell: OverviewCell, releaseState: OverviewRelease['state'], previous: OverviewCell | null): CellStatus {
  const done = cell.succeeded;
  const total = cell.total;
  if (cell.state === null) {
    const next = previous === null || previous.state === 'succeeded';
    if (next && releaseState === 'rejected') return { label: 'rejected', tone: 'rejected', done, total, moving: false };
    const stopped = releaseState === 'rejected' || releaseState === 'withdrawn' || releaseState === 'superseded' || releaseState === 'done';
    return !stopped && next ? { label: 'waiting', tone: 'waiting', done, total, moving: false } : { label: '—', tone: 'none', done, total, moving: false };
  }
  switch (cell.state) {
    case 'deploying':
      return { label: cell.waves !== null && cell.waves > 1 ? `deploying · wave ${Math.min((cell.currentWave ?? 0) + 1, cell.waves)}/${cell.waves}` : 'deploying', tone: 'deploying', done, total, moving: true };
    case 'rolled-back':
      return { label: 'rolled back', tone: 'halted', done, total, moving: false };
    default:
      return { label: cell.state, tone: cell.state, done, total, moving: false };
  }
}

/** Users running the release now, over every ring. */
export function usersOn(release: OverviewRelease): number {
  return release.cells.reduce((sum, cell) => sum + cell.usersOn, 0);
}

/** "1,200 users" share of all users, for the blast-radius bar; 0 when the product has no users. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}
