import type { StageResult } from '../builds/build-types.ts';
import type { GateSpec, RingSpec } from '../products/product-spec.ts';
import type { ReleaseState, RingProgress } from '../releases/release-types.ts';

export const GATE_STATUSES = ['pass', 'fail', 'waiting'] as const;
/** pass: satisfied; waiting: may pass later by itself or by people acting; fail: will not pass as things stand. */
export type GateStatus = (typeof GATE_STATUSES)[number];

export interface GateVerdict {
  /** The gate's kind, with the role for approvals: `quality`, `approval:qa`. */
  gate: string;
  kind: GateSpec['kind'];
  status: GateStatus;
  /** One sentence a release manager can act on, naming numbers and names. */
  reason: string;
  /** For a waiting gate that opens by itself (soak, window): when it will, ISO-8601. */
  opensAt?: string | undefined;
}

/** The builds of the release, as evidence for quality gates. */
export interface BuildEvidence {
  component: string;
  version: string;
  stages: StageResult[];
}

export interface ApprovalEvidence {
  user: string;
  at: string;
}

export interface VoteEvidence {
  role: string;
  user: string;
  vote: 'go' | 'no-go';
  reason: string;
  at: string;
}

/** Everything a gate may look at. Assembled by the promotion service; gates do no I/O. */
export interface GateContext {
  now: Date;
  /** The ring being entered and every ring of the product in order. */
  ring: RingSpec;
  rings: RingSpec[];
  release: {
    version: string;
    state: ReleaseState;
    blessed: boolean;
  };
  /** The release's progress in every ring, in ring order (same length as `rings`). */
  progress: RingProgress[];
  builds: BuildEvidence[];
  /** Role → user names holding it for the product. */
  roleMembers: Record<string, string[]>;
  /** Approvals of this release for this ring, by users holding the role named by each gate's `role`: role → approvals. */
  approvals: Record<string, ApprovalEvidence[]>;
  /** Go/No-Go of this release for this ring: when the round opened and closes (null: not opened / no deadline), and every ballot. */
  vote: { openedAt: string | null; closesAt: string | null; votes: VoteEvidence[] };
  /** Ticked checklist items of this release for this ring. */
  ticks: TickEvidence[];
}

export interface TickEvidence {
  role: string;
  item: string;
  user: string;
  at: string;
  /** A link or an attached file came with the tick. */
  evidence: boolean;
}

/** One evaluator per gate kind; a new kind adds an entry to the registry in evaluate-gates.ts. */
export type GateEvaluator<K extends GateSpec['kind']> = (gate: Extract<GateSpec, { kind: K }>, context: GateContext) => GateVerdict;
