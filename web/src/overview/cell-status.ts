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
 * How one release stands in one ring, in words. Pure, so it is tested apart:
 * a ring the release has not entered is "waiting" while the release can still
 * go on, and blank once it cannot (rejected, withdrawn, superseded).
 */
export function cellStatus(cell: OverviewCell, releaseState: OverviewRelease['state']): CellStatus {
  const done = cell.succeeded;
  const total = cell.total;
  if (cell.state === null) {
    const stopped = releaseState === 'rejected' || releaseState === 'withdrawn' || releaseState === 'superseded' || releaseState === 'done';
    if (releaseState === 'rejected') return { label: 'rejected', tone: 'rejected', done, total, moving: false };
    return { label: stopped ? '—' : 'waiting', tone: stopped ? 'cancelled' : 'waiting', done, total, moving: false };
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

/** "1,200 users" share of all users, for the blast-radius bar; 0 when the product has no users. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}
