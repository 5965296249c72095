import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { AgentStatus, HealthState } from '../agents/agent-types.ts';
import type { Database } from '../app/database-schema.ts';
import { holdUntilText } from '../deployments/maintenance-window.ts';
import { holdsAt } from '../deployments/window-holds.ts';
import type { DeploymentKind, DeploymentState } from '../deployments/deployment-types.ts';
import { containsIgnoreCase } from '../platform/db/dialect.ts';
import type { TargetSpec } from '../products/product-spec.ts';
import type { FleetStatusFilter, TargetStatus } from './fleet-schemas.ts';

export interface FleetFilter {
  ring?: string | undefined;
  hosting?: string | undefined;
  delivery?: string | undefined;
  status?: FleetStatusFilter | undefined;
  text?: string | undefined;
  limit: number;
  offset: number;
}

export interface FleetRow {
  spec: TargetSpec;
  status: TargetStatus;
  release: { version: string; since: string } | null;
  previousGood: string | null;
  lastDeployment: { id: string; version: string; kind: DeploymentKind; state: DeploymentState; startedAt: string | null; finishedAt: string | null } | null;
  /** Pull targets only: how their agent stands. */
  agent: AgentStatus | null;
  /** When the maintenance window next opens (ISO instant or 'never'); null without one, or while it is open. */
  nextWindowAt: string | null;
}

/** When the fleet is looked at, and how long an agent may stay silent before its target is unreachable. */
export interface FleetClock {
  now: Date;
  unreachableMs: number;
}

type Joined = ExpressionBuilder<Database & { t: Database['targets']; s: Database['target_states']; a: Database['agents'] }, 't' | 's' | 'a'>;

/** The SQL twin of statusOf (and of the agent's reachability), so a status filter pages in the database. */
function statusIs(eb: Joined, status: FleetStatusFilter, cutoff: string) {
  switch (status) {
    case 'unreachable':
      return eb.and([eb('t.delivery', '=', 'pull'), eb.or([eb('a.last_contact_at', 'is', null), eb('a.last_contact_at', '<', cutoff)])]);
    case 'deploying':
      return eb('s.holder', 'is not', null);
    case 'failed':
      return eb.and([eb('s.holder', 'is', null), eb('s.last_state', '=', 'failed')]);
    case 'ok':
      return eb.and([eb('s.holder', 'is', null), eb('s.last_state', '=', 'succeeded')]);
    case 'never':
      return eb.and([eb('s.holder', 'is', null), eb('s.last_state', 'is', null)]);
  }
}

function statusOf(holder: string | null, lastState: string | null): TargetStatus {
  if (holder !== null) return 'deploying';
  if (lastState === 'failed') return 'failed';
  if (lastState === 'succeeded') return 'ok';
  return 'never';
}

/** A pull target's agent as the fleet shows it: reachable while its last contact is no older than the cutoff. */
function agentOf(delivery: string, row: AgentColumns, cutoff: string): AgentStatus | null {
  if (delivery !== 'pull') return null;
  const lastContactAt = row.last_contact_at ?? null;
  return {
    version: row.agent_version ?? null,
    hostname: row.hostname ?? null,
    lastContactAt,
    reachable: lastContactAt !== null && lastContactAt >= cutoff,
    health: (row.health ?? null) as HealthState | null,
    healthDetail: row.health_detail ?? null,
  };
}

interface AgentColumns {
  agent_version?: string | null;
  hostname?: string | null;
  last_contact_at?: string | null;
  health?: string | null;
  health_detail?: string | null;
}

/**
 * A page of a product's targets with what each runs and how their agents
 * stand, filtered and counted in the database: a fixed two queries however
 * large the fleet.
 */
export async function queryFleet(db: Kysely<Database>, productId: string, filter: FleetFilter, clock: FleetClock): Promise<{ rows: FleetRow[]; total: number }> {
  // Contact times are ISO instants of one format, so they compare as text on both engines.
  const cutoff = new Date(clock.now.getTime() - clock.unreachableMs).toISOString();
  let q = db
    .selectFrom('targets as t')
    .leftJoin('target_states as s', (join) => join.onRef('s.product_id', '=', 't.product_id').onRef('s.target', '=', 't.name'))
    .leftJoin('agents as a', (join) => join.onRef('a.product_id', '=', 't.product_id').onRef('a.target', '=', 't.name'))
    .where('t.product_id', '=', productId);
  if (filter.ring) q = q.where('t.ring', '=', filter.ring);
  if (filter.hosting) q = q.where('t.hosting', '=', filter.hosting);
  if (filter.delivery) q = q.where('t.delivery', '=', filter.delivery);
  if (filter.text) q = q.where(containsIgnoreCase('t.name', filter.text));
  if (filter.status) {
    const status = filter.status;
    q = q.where((eb) => statusIs(eb as unknown as Joined, status, cutoff));
  }

  const [rows, count] = await Promise.all([
    q
      .leftJoin('releases as r', 'r.id', 's.release_id')
      .leftJoin('deployments as d', 'd.id', 's.last_deployment_id')
      .leftJoin('releases as dr', 'dr.id', 'd.release_id')
      .select([
        't.spec',
        't.delivery',
        's.holder',
        's.last_state',
        's.since',
        'r.version as current_version',
        'd.id as last_id',
        'd.kind as last_kind',
        'd.state as last_deployment_state',
        'd.started_at as last_started_at',
        'd.finished_at as last_finished_at',
        'dr.version as last_version',
        'a.agent_version',
        'a.hostname',
        'a.last_contact_at',
        'a.health',
        'a.health_detail',
        // The last known-good release (as rollback.ts defines it), one lookup per row of the page.
        (eb) =>
          eb
            .selectFrom('deployments as pd')
            .innerJoin('releases as pr', 'pr.id', 'pd.release_id')
            .select('pr.version')
            .whereRef('pd.product_id', '=', 't.product_id')
            .whereRef('pd.target', '=', 't.name')
            .where('pd.state', '=', 'succeeded')
            .whereRef('pr.id', '!=', 's.release_id')
            .where('pr.state', '!=', 'rejected')
            .whereRef('pr.created_at', '<', 'r.created_at')
            .orderBy('pr.created_at', 'desc')
            .limit(1)
            .as('previous_good'),
      ])
      .orderBy('t.position')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);

  const holdOf = holdsAt(clock.now.getTime());
  return {
    total: Number(count.n),
    rows: rows.map((row) => {
      const spec = JSON.parse(row.spec) as TargetSpec;
      return {
        spec,
        status: statusOf(row.holder ?? null, row.last_state ?? null),
        release: row.current_version && row.since ? { version: row.current_version, since: row.since } : null,
        previousGood: row.previous_good ?? null,
        lastDeployment:
          row.last_id && row.last_version && row.last_kind && row.last_deployment_state
            ? {
                id: row.last_id,
                version: row.last_version,
                kind: row.last_kind as DeploymentKind,
                state: row.last_deployment_state as DeploymentState,
                startedAt: row.last_started_at ?? null,
                finishedAt: row.last_finished_at ?? null,
              }
            : null,
        agent: agentOf(row.delivery, row, cutoff),
        nextWindowAt: holdUntilText(holdOf(spec.maintenanceWindow)),
      };
    }),
  };
}
