/**
 * The release state machine and the ring-order rules of promotion. Pure.
 *
 *   draft → candidate → in-progress → blessed → done
 *
 * A draft or candidate may be withdrawn; a candidate, in-progress or blessed
 * release may be superseded; any release not yet rejected or withdrawn may be
 * rejected (a done or superseded one too, so it is never a rollback target).
 */
import { ConflictError } from '../platform/errors/errors.ts';
import type { RingSpec } from '../products/product-spec.ts';
import type { ReleaseState, RingProgress } from './release-types.ts';

export type ReleaseAction = 'mark-candidate' | 'start-promotion' | 'bless' | 'finish' | 'reject' | 'withdraw' | 'supersede';

interface Move {
  /** State before → state after. */
  from: Partial<Record<ReleaseState, ReleaseState>>;
  /** Said when the move is refused: `only a draft release can become a candidate`. */
  rule: string;
}

const MOVES: Record<ReleaseAction, Move> = {
  'mark-candidate': { from: { draft: 'candidate' }, rule: 'only a draft release can become a candidate' },
  // A blessed release stays blessed while it is promoted to later rings.
  'start-promotion': {
    from: { candidate: 'in-progress', 'in-progress': 'in-progress', blessed: 'blessed' },
    rule: 'only a candidate, in-progress or blessed release can be promoted',
  },
  bless: { from: { candidate: 'blessed', 'in-progress': 'blessed' }, rule: 'only a candidate or in-progress release can be blessed' },
  finish: { from: { 'in-progress': 'done', blessed: 'done' }, rule: 'only an in-progress or blessed release can be finished' },
  reject: {
    from: { draft: 'rejected', candidate: 'rejected', 'in-progress': 'rejected', blessed: 'rejected', done: 'rejected', superseded: 'rejected' },
    rule: 'a rejected or withdrawn release cannot be rejected',
  },
  withdraw: { from: { draft: 'withdrawn', candidate: 'withdrawn' }, rule: 'only a draft or candidate release can be withdrawn' },
  supersede: { from: { candidate: 'superseded', 'in-progress': 'superseded', blessed: 'superseded' }, rule: 'only a candidate, in-progress or blessed release can be superseded' },
};

/** States that explain a refusal better than the action's own rule. */
const DEAD_ENDS: Partial<Record<ReleaseState, string>> = {
  rejected: 'a rejected release never moves again',
  withdrawn: 'a withdrawn release never moves again',
  done: 'a done release can only be rejected',
  superseded: 'a superseded release can only be rejected',
};

/**
 * The state after `action`, or a ConflictError saying why the move is not
 * allowed. `version` only makes the message name the release.
 */
export function nextState(state: ReleaseState, action: ReleaseAction, version?: string): ReleaseState {
  const move = MOVES[action];
  const to = move.from[state];
  if (to !== undefined) return to;
  const subject = version === undefined ? 'the release' : `release ${version}`;
  throw new ConflictError(`${subject} is ${state}: ${DEAD_ENDS[state] ?? move.rule}`);
}

/** Whether the release may be promoted into a ring at all (ring order and gates aside). */
export function canPromote(state: ReleaseState): boolean {
  return MOVES['start-promotion'].from[state] !== undefined;
}

/** States a release never gets promoted from again (only rejection may still follow for done and superseded). */
export function isTerminal(state: ReleaseState): boolean {
  return state === 'rejected' || state === 'withdrawn' || state === 'superseded' || state === 'done';
}

/** The ring only blessed releases enter: the first with a `blessed` gate, else the last ring (-1 without rings). */
export function blessingRingIndex(rings: readonly RingSpec[]): number {
  const index = rings.findIndex((ring) => ring.gates.some((gate) => gate.kind === 'blessed'));
  return index === -1 ? rings.length - 1 : index;
}

function stateIn(progress: readonly RingProgress[], ring: RingSpec | undefined): RingProgress['state'] {
  return ring === undefined ? null : (progress.find((p) => p.ring === ring.name)?.state ?? null);
}

/** Blessed once it succeeded in every ring before the blessing ring (at once if that ring is the first). */
export function isBlessedBy(progress: readonly RingProgress[], rings: readonly RingSpec[]): boolean {
  return rings.slice(0, Math.max(0, blessingRingIndex(rings))).every((ring) => stateIn(progress, ring) === 'succeeded');
}

/** Finished once it succeeded in the last ring. */
export function isFinishedBy(progress: readonly RingProgress[], rings: readonly RingSpec[]): boolean {
  return rings.length > 0 && stateIn(progress, rings[rings.length - 1]) === 'succeeded';
}

/**
 * Null when ring order lets the release enter ring `ringIndex` (the first ring
 * always; any other once the ring before it succeeded); otherwise why not:
 * `2.3.0 has not succeeded in early-adopters (deploying)`.
 */
export function promotionPrecondition(ringIndex: number, progress: readonly RingProgress[], rings: readonly RingSpec[], version?: string): string | null {
  const ring = rings[ringIndex];
  if (ring === undefined || !Number.isInteger(ringIndex)) return `there is no ring at position ${ringIndex}; the product has ${rings.length} ring(s)`;
  if (ringIndex === 0) return null;
  const previous = rings[ringIndex - 1] as RingSpec;
  const state = stateIn(progress, previous);
  if (state === 'succeeded') return null;
  return `${version ?? 'the release'} has not succeeded in ${previous.name} (${state ?? 'never entered'})`;
}
