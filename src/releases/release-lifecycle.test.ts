import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError } from '../platform/errors/errors.ts';
import { DEFAULT_ROLLOUT, type GateSpec, type RingSpec } from '../products/product-spec.ts';
import {
  blessingRingIndex,
  canPromote,
  isBlessedBy,
  isFinishedBy,
  isTerminal,
  nextState,
  promotionPrecondition,
  type ReleaseAction,
} from './release-lifecycle.ts';
import { RELEASE_STATES, type ReleaseState, type RingProgress, type RolloutState } from './release-types.ts';

const ACTIONS: ReleaseAction[] = ['mark-candidate', 'start-promotion', 'bless', 'finish', 'reject', 'withdraw', 'supersede'];

/** Every allowed move; anything not listed is refused. */
const ALLOWED: Record<ReleaseAction, Partial<Record<ReleaseState, ReleaseState>>> = {
  'mark-candidate': { draft: 'candidate' },
  'start-promotion': { candidate: 'in-progress', 'in-progress': 'in-progress', blessed: 'blessed' },
  bless: { candidate: 'blessed', 'in-progress': 'blessed' },
  finish: { 'in-progress': 'done', blessed: 'done' },
  reject: { draft: 'rejected', candidate: 'rejected', 'in-progress': 'rejected', blessed: 'rejected', done: 'rejected', superseded: 'rejected' },
  withdraw: { draft: 'withdrawn', candidate: 'withdrawn' },
  supersede: { candidate: 'superseded', 'in-progress': 'superseded', blessed: 'superseded' },
};

describe('nextState', () => {
  for (const action of ACTIONS) {
    for (const state of RELEASE_STATES) {
      const to = ALLOWED[action][state];
      if (to !== undefined) {
        it(`${state} --${action}--> ${to}`, () => assert.equal(nextState(state, action), to));
      } else {
        it(`${state} refuses ${action}`, () => assert.throws(() => nextState(state, action, '2.4.0'), ConflictError));
      }
    }
  }

  const messages: { state: ReleaseState; action: ReleaseAction; message: string }[] = [
    { state: 'rejected', action: 'reject', message: 'release 2.4.0 is rejected: a rejected release never moves again' },
    { state: 'rejected', action: 'start-promotion', message: 'release 2.4.0 is rejected: a rejected release never moves again' },
    { state: 'withdrawn', action: 'mark-candidate', message: 'release 2.4.0 is withdrawn: a withdrawn release never moves again' },
    { state: 'done', action: 'start-promotion', message: 'release 2.4.0 is done: a done release can only be rejected' },
    { state: 'superseded', action: 'bless', message: 'release 2.4.0 is superseded: a superseded release can only be rejected' },
    { state: 'draft', action: 'start-promotion', message: 'release 2.4.0 is draft: only a candidate, in-progress or blessed release can be promoted' },
    { state: 'blessed', action: 'withdraw', message: 'release 2.4.0 is blessed: only a draft or candidate release can be withdrawn' },
    { state: 'candidate', action: 'mark-candidate', message: 'release 2.4.0 is candidate: only a draft release can become a candidate' },
    { state: 'draft', action: 'finish', message: 'release 2.4.0 is draft: only an in-progress or blessed release can be finished' },
  ];
  for (const m of messages) {
    it(`says why ${m.state} refuses ${m.action}`, () => assert.throws(() => nextState(m.state, m.action, '2.4.0'), { name: 'ConflictError', message: m.message }));
  }

  it('names the release generically without a version', () => {
    assert.throws(() => nextState('rejected', 'bless'), { message: 'the release is rejected: a rejected release never moves again' });
  });
});

describe('canPromote and isTerminal', () => {
  const table: { state: ReleaseState; promote: boolean; terminal: boolean }[] = [
    { state: 'draft', promote: false, terminal: false },
    { state: 'candidate', promote: true, terminal: false },
    { state: 'in-progress', promote: true, terminal: false },
    { state: 'blessed', promote: true, terminal: false },
    { state: 'done', promote: false, terminal: true },
    { state: 'rejected', promote: false, terminal: true },
    { state: 'superseded', promote: false, terminal: true },
    { state: 'withdrawn', promote: false, terminal: true },
  ];
  it('covers every state', () => assert.deepEqual(table.map((t) => t.state).sort(), [...RELEASE_STATES].sort()));
  for (const t of table) {
    it(`${t.state}: promote ${t.promote}, terminal ${t.terminal}`, () => {
      assert.equal(canPromote(t.state), t.promote);
      assert.equal(isTerminal(t.state), t.terminal);
    });
  }
});

const ring = (name: string, ...gates: GateSpec[]): RingSpec => ({ name, description: '', gates, rollout: DEFAULT_ROLLOUT });
const blessedGate: GateSpec = { kind: 'blessed' };
const soak: GateSpec = { kind: 'soak', seconds: 60 };
const FOUR = [ring('dev'), ring('internal', soak), ring('production', soak, blessedGate), ring('on-premises', blessedGate)];
const NO_BLESSED = [ring('dev'), ring('internal', soak), ring('production', soak)];

function progressOf(rings: readonly RingSpec[], ...states: (RolloutState | null)[]): RingProgress[] {
  return rings.map((r, i) => ({ ring: r.name, state: states[i] ?? null, startedAt: null, finishedAt: null, failures: 0 }));
}

describe('blessingRingIndex', () => {
  const cases: { name: string; rings: RingSpec[]; index: number }[] = [
    { name: 'the first ring with a blessed gate', rings: FOUR, index: 2 },
    { name: 'the last ring when no ring has one', rings: NO_BLESSED, index: 2 },
    { name: 'the first ring itself', rings: [ring('prod', blessedGate), ring('later')], index: 0 },
    { name: 'a single ring', rings: [ring('only')], index: 0 },
    { name: 'no rings', rings: [], index: -1 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(blessingRingIndex(c.rings), c.index));
});

describe('isBlessedBy and isFinishedBy', () => {
  const cases: { name: string; rings: RingSpec[]; states: (RolloutState | null)[]; blessed: boolean; finished: boolean }[] = [
    { name: 'nothing entered yet', rings: FOUR, states: [], blessed: false, finished: false },
    { name: 'every ring before the blessing ring succeeded', rings: FOUR, states: ['succeeded', 'succeeded'], blessed: true, finished: false },
    { name: 'one ring before it still deploying', rings: FOUR, states: ['succeeded', 'deploying'], blessed: false, finished: false },
    { name: 'an earlier ring halted even though later ones did fine', rings: FOUR, states: ['halted', 'succeeded', 'succeeded'], blessed: false, finished: false },
    { name: 'the last ring succeeded', rings: FOUR, states: ['succeeded', 'succeeded', 'succeeded', 'succeeded'], blessed: true, finished: true },
    { name: 'the last ring rolled back', rings: FOUR, states: ['succeeded', 'succeeded', 'succeeded', 'rolled-back'], blessed: true, finished: false },
    { name: 'without a blessed gate, every ring but the last', rings: NO_BLESSED, states: ['succeeded', 'succeeded'], blessed: true, finished: false },
    { name: 'without a blessed gate, one short', rings: NO_BLESSED, states: ['succeeded'], blessed: false, finished: false },
    { name: 'blessing at the first ring: blessed from the start', rings: [ring('prod', blessedGate), ring('later')], states: [], blessed: true, finished: false },
    { name: 'a single ring: blessed at once, finished once it succeeds', rings: [ring('only')], states: ['succeeded'], blessed: true, finished: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const progress = progressOf(c.rings, ...c.states);
      assert.equal(isBlessedBy(progress, c.rings), c.blessed, 'blessed');
      assert.equal(isFinishedBy(progress, c.rings), c.finished, 'finished');
    });
  }

  it('matches progress to rings by name, not position', () => {
    const progress = progressOf(FOUR, 'succeeded', 'succeeded').reverse();
    assert.equal(isBlessedBy(progress, FOUR), true);
  });
});

describe('promotionPrecondition', () => {
  const rings = [ring('dev'), ring('early-adopters'), ring('production')];
  const cases: { name: string; index: number; states: (RolloutState | null)[]; version?: string; result: string | null }[] = [
    { name: 'the first ring is always open', index: 0, states: [], result: null },
    { name: 'the first ring again, after a failure there', index: 0, states: ['failed'], result: null },
    { name: 'the next ring once the previous one succeeded', index: 1, states: ['succeeded'], result: null },
    { name: 'previous ring deploying', index: 2, states: ['succeeded', 'deploying'], version: '2.3.0', result: '2.3.0 has not succeeded in early-adopters (deploying)' },
    { name: 'previous ring never entered', index: 2, states: ['succeeded'], version: '2.3.0', result: '2.3.0 has not succeeded in early-adopters (never entered)' },
    { name: 'previous ring halted', index: 1, states: ['halted'], result: 'the release has not succeeded in dev (halted)' },
    { name: 'only the ring right before counts', index: 2, states: [null, 'succeeded'], result: null },
    { name: 'a ring that does not exist', index: 3, states: [], result: 'there is no ring at position 3; the product has 3 ring(s)' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(promotionPrecondition(c.index, progressOf(rings, ...c.states), rings, c.version), c.result));
});
