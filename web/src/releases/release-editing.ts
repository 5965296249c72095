/**
 * What may still change on a release, mirroring the server's rules so pages
 * offer only what it would accept (it refuses the rest anyway). Pure.
 */
import type { ReleaseDetail } from '../app/api.ts';

type ReleaseState = ReleaseDetail['state'];

/** Done, rejected, withdrawn and superseded releases change no more: no ticks, votes or runbook edits. */
export function isOver(state: ReleaseState): boolean {
  return state === 'done' || state === 'rejected' || state === 'withdrawn' || state === 'superseded';
}

/** Release notes are edited before blessing; after it they are what was approved. */
export function notesEditable(release: Pick<ReleaseDetail, 'state' | 'blessedAt'>): boolean {
  return release.blessedAt === null && release.state !== 'blessed' && !isOver(release.state);
}

/** Runbook additions may still be written while the release is on its way. */
export function runbookEditable(release: Pick<ReleaseDetail, 'state'>): boolean {
  return !isOver(release.state);
}
