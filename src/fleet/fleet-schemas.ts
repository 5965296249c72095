import Type from 'typebox';
import { MAX_OFFSET, Nullable } from '../platform/http/schema-helpers.ts';
import { DEPLOYMENT_KINDS, DEPLOYMENT_STATES } from '../deployments/deployment-types.ts';
import { DELIVERY_MODES, HOSTING_KINDS } from '../products/product-spec.ts';
import { TargetBody } from '../products/product-schemas.ts';
import { AgentStatusBody } from '../agents/agent-schemas.ts';

/** How a target stands: running its release, its last deployment failed, being deployed now, or never deployed. */
export const TARGET_STATUSES = ['ok', 'failed', 'deploying', 'never'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** What the status filter takes: a target status, or `unreachable`: pull targets whose agent has not called in lately (or ever). */
export const FLEET_STATUS_FILTERS = [...TARGET_STATUSES, 'unreachable'] as const;
export type FleetStatusFilter = (typeof FLEET_STATUS_FILTERS)[number];

export const FleetRowBody = Type.Object({
  ...TargetBody.properties,
  status: Type.Enum(TARGET_STATUSES),
  /** The release the target runs (its last successful deployment's), and since when. */
  release: Nullable(Type.Object({ version: Type.String(), since: Type.String() })),
  /** Its last known-good release before that: what a rollback would put back. */
  previousGood: Nullable(Type.String()),
  lastDeployment: Nullable(
    Type.Object({
      id: Type.String(),
      version: Type.String(),
      kind: Type.Enum(DEPLOYMENT_KINDS),
      state: Type.Enum(DEPLOYMENT_STATES),
      startedAt: Nullable(Type.String()),
      finishedAt: Nullable(Type.String()),
    }),
  ),
  /** A pull target's agent: its version, last contact and reachability, the health it reported; null for push targets. */
  agent: Nullable(AgentStatusBody),
  nextWindowAt: Nullable(
    Type.String({ description: "when the target's maintenance window next opens (ISO instant), or 'never'; null when it has none or it is open now" }),
  ),
});

export const FleetQuery = Type.Object(
  {
    ring: Type.Optional(Type.String({ maxLength: 63 })),
    hosting: Type.Optional(Type.Enum(HOSTING_KINDS)),
    delivery: Type.Optional(Type.Enum(DELIVERY_MODES)),
    status: Type.Optional(Type.Enum(FLEET_STATUS_FILTERS, { description: 'a target status, or unreachable: pull targets whose agent has not called in lately' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the target name' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

export const FleetPageBody = Type.Object({ targets: Type.Array(FleetRowBody), total: Type.Integer() });
