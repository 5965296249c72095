/**
 * Go/No-Go votes: a round opens (by a release manager or the train), people
 * holding a voting role cast go or no-go with a reason until it closes, and
 * the ring's vote gate reads the latest ballot of each role.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { gatherEvidence } from '../gates/gate-evidence.ts';
import type { GateVerdict, VoteEvidence } from '../gates/gate-types.ts';
import { evaluateVoteGate, latestByRole, voteClosesAt } from '../gates/vote-gate.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { ConflictError, InputError, NotAllowedError } from '../platform/errors/errors.ts';
import { visibleProduct } from '../products/product-access.ts';
import type { GateSpec, RingSpec } from '../products/product-spec.ts';
import type { ProductShape } from '../products/product-store.ts';
import { isTerminal } from '../releases/release-lifecycle.ts';
import { existingRelease } from '../releases/release-access.ts';
import { releaseSubject, type ReleasesTable, type ReleaseState } from '../releases/release-types.ts';
import { openVoteRound } from './open-vote.ts';
import { gateOf, ringNamed } from './ring-named.ts';
import { roleHolders } from './role-holders.ts';
import { heldRoles, personOf, rolesWithHolders } from './role-rules.ts';
import { findRound, insertBallot, listBallots } from './vote-store.ts';
import type { VoteChoice, VoteRoundsTable } from './vote-types.ts';
import { castSummary } from './vote-words.ts';

type VoteGate = Extract<GateSpec, { kind: 'vote' }>;

export interface VoteRingView {
  ring: string;
  roles: string[];
  /** Voting role → everyone who may vote as it. */
  holders: Record<string, string[]>;
  veto: string[];
  quorum: number;
  openedAt: string | null;
  /** When ballots stop counting: the round's own closing time or the gate's deadline, whichever is first. */
  closesAt: string | null;
  openedBy: string | null;
  decision: VoteChoice | null;
  decisionReason: string | null;
  decidedAt: string | null;
  /** Every ballot, oldest first. */
  ballots: VoteEvidence[];
  /** The ballot that counts for each voting role that voted: its latest. */
  latest: Record<string, VoteEvidence>;
  verdict: GateVerdict;
}

export interface CastInput {
  vote: VoteChoice;
  reason?: string | undefined;
  role?: string | undefined;
}

export interface VoteService {
  list(by: Principal, product: string, version: string): Promise<{ rings: VoteRingView[] }>;
  open(by: Principal, product: string, version: string, ring: string, closesAt: string | undefined): Promise<VoteRingView>;
  cast(by: Principal, product: string, version: string, ring: string, input: CastInput): Promise<VoteRingView>;
}

interface VoteRing {
  product: ProductShape;
  ring: RingSpec;
  ringIndex: number;
  gate: VoteGate;
}

export function createVoteService(db: Kysely<Database>, clock: Clock, options: { onChange: () => void }): VoteService {
  function voteRing(product: ProductShape, ringName: string): VoteRing {
    const { ring, index } = ringNamed(product, ringName);
    const gate = gateOf(ring, 'vote');
    if (!gate) {
      const voting = product.rings.filter((r) => gateOf(r, 'vote')).map((r) => r.name);
      const where = voting.length === 0 ? `none of ${product.name}'s rings has one` : `rings with a vote: ${voting.join(', ')}`;
      throw new InputError(`ring ${ring.name} of ${product.name} has no Go/No-Go vote gate (${where})`, [{ field: 'ring', value: ring.name }]);
    }
    return { product, ring, ringIndex: index, gate };
  }

  function refuseTerminal(product: ProductShape, row: ReleasesTable): void {
    if (isTerminal(row.state as ReleaseState)) throw new ConflictError(`${product.name} ${row.version} is ${row.state}: its Go/No-Go no longer counts`);
  }

  async function view(v: VoteRing, row: ReleasesTable): Promise<VoteRingView> {
    const [round, ballots, context, holders] = await Promise.all([
      findRound(db, row.id, v.ring.name),
      listBallots(db, row.id, v.ring.name),
      gatherEvidence(db, v.product, row, v.ringIndex, clock.now()),
      roleHolders(db, v.product.roles, v.gate.roles),
    ]);
    const closes = round ? voteClosesAt(v.gate, { openedAt: round.opened_at, closesAt: round.closes_at }) : null;
    const latest = Object.fromEntries(latestByRole(ballots, v.gate.roles));
    return {
      ring: v.ring.name,
      roles: v.gate.roles,
      holders,
      veto: v.gate.veto,
      quorum: v.gate.quorum,
      openedAt: round?.opened_at ?? null,
      closesAt: closes === null ? null : closes.toISOString(),
      openedBy: round?.opened_by ?? null,
      decision: round?.decision ?? null,
      decisionReason: round?.decision_reason ?? null,
      decidedAt: round?.decided_at ?? null,
      ballots,
      latest,
      verdict: evaluateVoteGate(v.gate, context),
    };
  }

  /** The closed round's outcome for a late voter: the recorded decision, or what the gate says at the close. */
  async function closedOutcome(on: Kysely<Database>, v: VoteRing, row: ReleasesTable, round: VoteRoundsTable, closes: Date): Promise<string> {
    if (round.decision !== null) return `the decision was ${round.decision}${round.decision_reason ? ` (${round.decision_reason})` : ''}`;
    const context = await gatherEvidence(on, v.product, row, v.ringIndex, closes);
    const verdict = evaluateVoteGate(v.gate, context);
    return `the decision is ${verdict.status === 'pass' ? 'go' : 'no-go'} (${verdict.reason})`;
  }

  /** The voting role the ballot counts for: the one the person holds, or the one they name among several. */
  async function ballotRole(by: Principal, user: string, v: VoteRing, named: string | undefined): Promise<string> {
    const held = heldRoles(v.product.roles, user, by.role, v.gate.roles);
    const where = `${v.ring.name} of ${v.product.name}`;
    if (named !== undefined) {
      if (!v.gate.roles.includes(named)) throw new InputError(`${named} does not vote on ${where}: the voting roles are ${v.gate.roles.join(', ')}`, [{ field: 'role', value: named }]);
      if (!held.includes(named)) {
        const holders = await roleHolders(db, v.product.roles, [named]);
        throw new NotAllowedError(`${user} does not hold the role ${named} for ${v.product.name}, so cannot vote as it; ${rolesWithHolders([named], holders)}`);
      }
      return named;
    }
    if (held.length === 0) {
      const holders = await roleHolders(db, v.product.roles, v.gate.roles);
      throw new NotAllowedError(`${user} holds none of the roles that vote on ${where}; they are held by: ${rolesWithHolders(v.gate.roles, holders)}`);
    }
    if (held.length > 1) throw new InputError(`${user} holds several voting roles of ${where} (${held.join(', ')}): say which one this vote is for with role`, [{ field: 'role' }]);
    return held[0]!;
  }

  return {
    async list(by, productName, version) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const row = await existingRelease(db, product, version);
      const rings: VoteRingView[] = [];
      for (const [index, ring] of product.rings.entries()) {
        const gate = gateOf(ring, 'vote');
        if (gate) rings.push(await view({ product, ring, ringIndex: index, gate }, row));
      }
      return { rings };
    },

    async open(by, productName, version, ringName, closesAtText) {
      requirePermission(by, 'releases:promote');
      const product = await visibleProduct(db, by, productName);
      const v = voteRing(product, ringName);
      const now = clock.now();
      let closesAt: string | null = null;
      if (closesAtText !== undefined) {
        const ms = Date.parse(closesAtText);
        if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(closesAtText)) {
          throw new InputError(`closesAt must be an ISO-8601 time like 2026-12-04T11:30:00Z, got '${closesAtText.slice(0, 60)}'`, [{ field: 'closesAt' }]);
        }
        if (ms <= now.getTime()) throw new InputError(`closesAt ${new Date(ms).toISOString()} is not in the future (it is ${now.toISOString()} now)`, [{ field: 'closesAt' }]);
        closesAt = new Date(ms).toISOString();
      }
      const row = await db.transaction().execute(async (trx) => {
        const release = await existingRelease(trx, product, version);
        refuseTerminal(product, release);
        const outcome = await openVoteRound(trx, { product, release, ring: v.ring.name, closesAt, actor: by.actor, at: now.toISOString() });
        if (outcome === 'already-open') {
          const round = await findRound(trx, release.id, v.ring.name);
          throw new ConflictError(`the Go/No-Go on ${product.name} ${version} for ${v.ring.name} is already open since ${round?.opened_at ?? 'earlier'} (opened by ${round?.opened_by ?? 'someone'})`);
        }
        return release;
      });
      options.onChange();
      return view(v, row);
    },

    async cast(by, productName, version, ringName, input) {
      requirePermission(by, 'releases:vote');
      const user = personOf(by.actor);
      if (user === null) throw new NotAllowedError('only a person can vote: use a personal token');
      const product = await visibleProduct(db, by, productName);
      const v = voteRing(product, ringName);
      const role = await ballotRole(by, user, v, input.role);
      const reason = input.reason?.trim() ?? '';
      if (input.vote === 'no-go' && reason === '') throw new InputError('a no-go needs a reason: say what must change for a go', [{ field: 'reason' }]);
      const at = isoNow(clock);
      const row = await db.transaction().execute(async (trx) => {
        const release = await existingRelease(trx, product, version);
        refuseTerminal(product, release);
        const round = await findRound(trx, release.id, v.ring.name);
        if (!round) {
          throw new ConflictError(
            `the Go/No-Go for ${v.ring.name} has not opened: ${product.name} ${version} takes votes once a release manager opens it (\`ringmaster vote-open ${product.name} ${version} ${v.ring.name}\`) or the release train does`,
            [],
            'vote_not_open',
          );
        }
        const closes = voteClosesAt(v.gate, { openedAt: round.opened_at, closesAt: round.closes_at });
        if (round.decision !== null || (closes !== null && closes.getTime() <= Date.parse(at))) {
          const closedAt = closes ?? new Date(round.decided_at ?? round.opened_at);
          const outcome = await closedOutcome(trx, v, release, round, closedAt);
          throw new ConflictError(`votes on ${product.name} ${version} for ${v.ring.name} closed at ${closedAt.toISOString()}: ${outcome}; a vote can no longer change`, [], 'vote_closed');
        }
        await insertBallot(trx, { id: randomUUID(), release_id: release.id, ring: v.ring.name, role, user_name: user, vote: input.vote, reason, at });
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'vote.cast',
          subject: releaseSubject(product.name, version),
          summary: castSummary(user, role, input.vote, product.name, version, v.ring.name, reason),
          data: { product: product.name, version, ring: v.ring.name, role, user, vote: input.vote, reason },
        });
        return release;
      });
      options.onChange();
      return view(v, row);
    },
  };
}
