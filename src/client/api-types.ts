/**
 * The shapes the API speaks, derived from the server's own TypeBox schemas so
 * the client cannot drift from them. Type-only imports: nothing of the server
 * is loaded at run time, which keeps the web bundle small.
 */
import type { Static } from 'typebox';
import type { ImportAnswerBody } from '../bundles/bundle-schemas.ts';
import type { DesiredStateBody, EnrolAnswerBody, EnrolmentCodeBody, FinishReportBody, ProgressReportBody, ServerKeyBody, StartAnswerBody } from '../agents/agent-schemas.ts';
import type { IssuedTokenBody, LoginBody, MeBody, NewTokenBody, NewUserBody, SessionBody, TokenBody, UserBody } from '../auth/auth-schemas.ts';
import type { BuildBody, BuildQuery, RegisterBuildBody, RegisterBuildOutcomeBody } from '../builds/build-schemas.ts';
import type { DeploymentBody, DeploymentPageBody, DeploymentQuery, LogPageBody } from '../deployments/deployment-schemas.ts';
import type { EventBody, EventPageBody, EventQuery } from '../events/event-routes.ts';
import type { FleetPageBody, FleetQuery, FleetRowBody } from '../fleet/fleet-schemas.ts';
import type { DeliveryBody, DeliveryQuery, NotifierBody, NotifierStatusBody } from '../notifications/notification-schemas.ts';
import type { OverviewBody, OverviewQuery } from '../overview/overview-schemas.ts';
import type { ErrorBody } from '../platform/http/error-body.ts';
import type { ApplyBody, ApplyOutcomeBody, ComponentBody, ProductBody, ProductChangeBody, ProductSummaryBody, RingBody, TargetBody, TargetQuery } from '../products/product-schemas.ts';
import type { GateSpec, RolloutSpec } from '../products/product-spec.ts';
import type { ApprovalBody, CreateReleaseBody, CreateReleaseOutcomeBody, GateVerdictBody, ReleaseBody, ReleaseDetailBody, ReleaseQuery, RingCheckBody } from '../releases/release-schemas.ts';
import type { PromotionBody, RollbackBody, RollbackOutcomeBody, RolloutBody } from '../rollouts/rollout-schemas.ts';
import type { TrainBody } from '../train/train-schemas.ts';
import type { ChecklistItemAnswerBody, ChecklistsBody, TickBody } from '../checklists/checklist-schemas.ts';
import type { CastVoteBody, VoteRingBody, VotesBody } from '../votes/vote-schemas.ts';
import type { NotesBody } from '../release-notes/notes-schemas.ts';
import type { RunbookBody } from '../runbooks/runbook-schemas.ts';

export type Me = Static<typeof MeBody>;
export type User = Static<typeof UserBody>;
export type NewUser = Static<typeof NewUserBody>;
export type Token = Static<typeof TokenBody>;
export type NewToken = Static<typeof NewTokenBody>;
export type IssuedToken = Static<typeof IssuedTokenBody>;
export type LoginOptions = Omit<Static<typeof LoginBody>, 'user' | 'password'>;
export type SessionRequest = Static<typeof SessionBody>;

export type Event = Static<typeof EventBody>;
export type EventPage = Static<typeof EventPageBody>;
export type EventFilter = Static<typeof EventQuery>;

export type ApplyRequest = Static<typeof ApplyBody>;
export type ApplyOutcome = Static<typeof ApplyOutcomeBody>;
export type ProductChange = Static<typeof ProductChangeBody>;
export type ProductSummary = Static<typeof ProductSummaryBody>;
export type Component = Static<typeof ComponentBody>;
export type Target = Static<typeof TargetBody>;
export type TargetFilter = Static<typeof TargetQuery>;
export interface TargetPage {
  targets: Target[];
  total: number;
}

/**
 * The schema leaves gates and rollout open (their shape is the product spec's);
 * narrowed here to the spec types the server fills them from.
 */
export type Ring = Omit<Static<typeof RingBody>, 'gates' | 'rollout'> & { gates: GateSpec[]; rollout: RolloutSpec };
export type Product = Omit<Static<typeof ProductBody>, 'rings' | 'targets'> & { rings: Ring[]; targets: Target[] };

export type Build = Static<typeof BuildBody>;
export type RegisterBuild = Static<typeof RegisterBuildBody>;
export type RegisterBuildOutcome = Static<typeof RegisterBuildOutcomeBody>;
export type BuildFilter = Static<typeof BuildQuery>;

export type Release = Static<typeof ReleaseBody>;
export type ReleaseDetail = Static<typeof ReleaseDetailBody>;
export type CreateRelease = Static<typeof CreateReleaseBody>;
export type CreateReleaseOutcome = Static<typeof CreateReleaseOutcomeBody>;
export type ReleaseFilter = Static<typeof ReleaseQuery>;
export type RingCheck = Static<typeof RingCheckBody>;
export type GateVerdict = Static<typeof GateVerdictBody>;
export type Approval = Static<typeof ApprovalBody>;
export type Rollout = Static<typeof RolloutBody>;
export type Promotion = Static<typeof PromotionBody>;
export type RollbackRequest = Static<typeof RollbackBody>;
export type RollbackOutcome = Static<typeof RollbackOutcomeBody>;
export type Deployment = Static<typeof DeploymentBody>;
export type DeploymentFilter = Static<typeof DeploymentQuery>;
export type DeploymentPage = Static<typeof DeploymentPageBody>;
export type LogPage = Static<typeof LogPageBody>;
export type Overview = Static<typeof OverviewBody>;
export type OverviewFilter = Static<typeof OverviewQuery>;

export type Checklists = Static<typeof ChecklistsBody>;
export type ChecklistRing = Checklists['rings'][number];
export type ChecklistItem = ChecklistRing['roles'][number]['items'][number];
export type ChecklistItemAnswer = Static<typeof ChecklistItemAnswerBody>;
export type TickRequest = Static<typeof TickBody>;
export type Votes = Static<typeof VotesBody>;
export type VoteRing = Static<typeof VoteRingBody>;
export type Ballot = VoteRing['ballots'][number];
export type CastVote = Static<typeof CastVoteBody>;
export type ReleaseNotes = Static<typeof NotesBody>;
export type Runbook = Static<typeof RunbookBody>;

export type FleetRow = Static<typeof FleetRowBody>;
export type FleetFilter = Static<typeof FleetQuery>;
export type FleetPage = Static<typeof FleetPageBody>;

export type NotifierStatus = Static<typeof NotifierStatusBody>;
export type Notifier = Static<typeof NotifierBody>;
export type Delivery = Static<typeof DeliveryBody>;
export type DeliveryFilter = Static<typeof DeliveryQuery>;

/** Where a product's release train stands (GET /api/products/{p}/train). */
export type TrainStatus = Static<typeof TrainBody>;

export interface Health {
  status: string;
  version: string;
}

export type ErrorAnswer = ErrorBody;

export type AgentDesired = Static<typeof DesiredStateBody>;
export type AgentStart = Static<typeof StartAnswerBody>;
export type AgentProgress = Static<typeof ProgressReportBody>;
export type AgentFinish = Static<typeof FinishReportBody>;
export type EnrolAnswer = Static<typeof EnrolAnswerBody>;
export type EnrolmentCode = Static<typeof EnrolmentCodeBody>;
export type ServerKey = Static<typeof ServerKeyBody>;
/** What `report import` recorded: the deployment, its target and its state now. */
export type OfflineImport = Static<typeof ImportAnswerBody>;
