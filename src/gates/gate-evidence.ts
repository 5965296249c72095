import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { listTicks } from '../checklists/checklist-store.ts';
import type { ProductShape } from '../products/product-store.ts';
import { promotionPrecondition } from '../releases/release-lifecycle.ts';
import { listApprovals, releaseBuilds, releaseProgress } from '../releases/release-store.ts';
import type { ReleasesTable, ReleaseState } from '../releases/release-types.ts';
import { findRound, listBallots } from '../votes/vote-store.ts';
import { evaluateGates, gatesPass } from './evaluate-gates.ts';
import type { ApprovalEvidence, GateContext, GateVerdict } from './gate-types.ts';

/** Whether a release may enter a ring now: ring order first, then every gate with its reason. */
export interface RingCheck {
  ring: string;
  order: string | null;
  verdicts: GateVerdict[];
  ready: boolean;
}

/** Reads the evidence the ring's gates look at; the verdicts themselves are pure. */
export async function gatherEvidence(db: Kysely<Database>, product: ProductShape, release: ReleasesTable, ringIndex: number, now: Date): Promise<GateContext> {
  const ring = product.rings[ringIndex];
  if (!ring) throw new Error(`ring index ${ringIndex} out of range`);
  const [builds, progress, approvals, round, ballots, ticks] = await Promise.all([
    releaseBuilds(db, release.id),
    releaseProgress(db, release.id, product.rings),
    listApprovals(db, release.id),
    findRound(db, release.id, ring.name),
    listBallots(db, release.id, ring.name),
    listTicks(db, release.id, ring.name),
  ]);
  const byRole: Record<string, ApprovalEvidence[]> = {};
  for (const approval of approvals.filter((a) => a.ring === ring.name)) {
    for (const role of approval.roles) (byRole[role] ??= []).push({ user: approval.user, at: approval.at });
  }
  return {
    now,
    ring,
    rings: product.rings,
    release: { version: release.version, state: release.state as ReleaseState, blessed: release.blessed_at !== null },
    progress,
    builds: builds.map((b) => ({ component: b.component, version: b.version, stages: b.stages })),
    roleMembers: product.roles,
    approvals: byRole,
    vote: { openedAt: round?.opened_at ?? null, closesAt: round?.closes_at ?? null, votes: ballots },
    ticks: ticks.map((t) => ({ role: t.role, item: t.item, user: t.user_name, at: t.at, evidence: t.link !== null || t.file_id !== null })),
  };
}

export async function checkRing(db: Kysely<Database>, product: ProductShape, release: ReleasesTable, ringIndex: number, now: Date): Promise<RingCheck> {
  const context = await gatherEvidence(db, product, release, ringIndex, now);
  const verdicts = evaluateGates(context);
  const order = promotionPrecondition(ringIndex, context.progress, product.rings);
  return { ring: context.ring.name, order, verdicts, ready: order === null && gatesPass(verdicts) };
}
