/**
 * The shapes the API speaks, derived from the server's own TypeBox schemas so
 * the client cannot drift from them. Type-only imports: nothing of the server
 * is loaded at run time, which keeps the web bundle small.
 */
import type { Static } from 'typebox';
import type { IssuedTokenBody, LoginBody, MeBody, NewTokenBody, NewUserBody, TokenBody, UserBody } from '../auth/auth-schemas.ts';
import type { EventBody } from '../events/event-routes.ts';
import type { ErrorBody } from '../platform/http/error-body.ts';
import type { ApplyBody, ApplyOutcomeBody, ComponentBody, ProductBody, ProductChangeBody, ProductSummaryBody, RingBody, TargetBody, TargetQuery } from '../products/product-schemas.ts';
import type { DeliveryMode, GateSpec, HostingKind, RolloutSpec } from '../products/product-spec.ts';
import type { TokenKind } from '../auth/auth-types.ts';
import type { UserRole } from '../auth/roles.ts';

/*
 * Some schemas build a union from a list (`Type.Union(ROLES.map(Type.Literal))`),
 * which `Static` types as never; those fields are restored from the domain
 * types below. Once the schemas list literals as tuples this stays correct.
 */

export type Me = Static<typeof MeBody>;
export type User = Static<typeof UserBody>;
export type NewUser = Omit<Static<typeof NewUserBody>, 'role'> & { role: UserRole };
export type Token = Static<typeof TokenBody>;
export type NewToken = Omit<Static<typeof NewTokenBody>, 'kind'> & { kind?: TokenKind | undefined };
export type IssuedToken = Static<typeof IssuedTokenBody>;
export type LoginOptions = Omit<Static<typeof LoginBody>, 'user' | 'password'>;

export type Event = Static<typeof EventBody>;
export interface EventPage {
  events: Event[];
  /** Pass as `after` for the next page; null when this page was not full. */
  next: number | null;
}
/** The query of GET /api/events (the server keeps its schema private). */
export interface EventFilter {
  after?: number | undefined;
  limit?: number | undefined;
  /** An exact type, or a prefix ending in '.' such as 'token.'. */
  type?: string | undefined;
  subject?: string | undefined;
}

export type ApplyRequest = Static<typeof ApplyBody>;
export type ApplyOutcome = Static<typeof ApplyOutcomeBody>;
export type ProductChange = Static<typeof ProductChangeBody>;
export type ProductSummary = Static<typeof ProductSummaryBody>;
export type Component = Static<typeof ComponentBody>;
export type Target = Omit<Static<typeof TargetBody>, 'hosting' | 'delivery'> & { hosting: HostingKind; delivery: DeliveryMode };
export type TargetFilter = Omit<Static<typeof TargetQuery>, 'hosting' | 'delivery'> & { hosting?: HostingKind | undefined; delivery?: DeliveryMode | undefined };
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

export interface Health {
  status: string;
  version: string;
}

export type ErrorAnswer = ErrorBody;
