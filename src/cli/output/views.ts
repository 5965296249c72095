/** The human (non --json) view of each kind of answer: a table per list. */
import { describeState } from '../../builds/build-state.ts';
import type { ApplyOutcome, Build, Event, FleetRow, ProductChange, ProductSummary, Ring, Token, User } from '../../client/api-types.ts';
import { formatDuration } from '../../products/product-file/durations.ts';
import { summarizeGates, summarizeRollout } from './ring-summary.ts';
import { formatTable } from './table.ts';

const NONE = '-';

/** `2026-11-23T13:35:52.219Z` → `2026-11-23T13:35:52Z`: seconds are enough to read. */
export function shortTime(iso: string | null): string {
  return iso === null ? NONE : iso.replace(/\.\d+Z$/, 'Z');
}

/** Under a partial page: `showing 100 of 240 targets; next page: --offset 100`, or nothing when all are shown. */
export function pageFooter(shown: number, total: number, offset: number, noun: string): string {
  if (shown >= total) return '';
  const more = offset + shown < total ? `; next page: --offset ${offset + shown}` : '';
  return `showing ${shown} of ${total} ${noun}${more}\n`;
}

export function changesTable(changes: readonly ProductChange[]): string {
  return formatTable(['action', 'kind', 'name', 'fields'], changes.map((c) => [c.action, c.kind, c.name, c.fields.join(', ')]));
}

/** "applied maya-online: 22 created", "dry run: would create 3, update 1", "no changes". */
export function applySummary(outcome: ApplyOutcome): string {
  const counts = (['create', 'update', 'delete'] as const)
    .map((action) => [action, outcome.changes.filter((c) => c.action === action).length] as const)
    .filter(([, n]) => n > 0);
  if (counts.length === 0) return outcome.dryRun ? `dry run: no changes to ${outcome.product}` : `no changes to ${outcome.product}`;
  if (outcome.dryRun) return `dry run: would ${counts.map(([action, n]) => `${action} ${n}`).join(', ')} in ${outcome.product}; nothing applied`;
  return `applied ${outcome.product}: ${counts.map(([action, n]) => `${n} ${action}d`).join(', ')}`;
}

export function productsTable(products: readonly ProductSummary[]): string {
  return formatTable(
    ['name', { header: 'components', align: 'right' }, { header: 'rings', align: 'right' }, { header: 'targets', align: 'right' }, { header: 'users', align: 'right' }, 'updated'],
    products.map((p) => [p.name, String(p.components), String(p.rings), String(p.targets), String(p.users), shortTime(p.updatedAt)]),
  );
}

export function ringsTable(rings: readonly Ring[]): string {
  return formatTable(
    [{ header: '#', align: 'right' }, 'name', 'gates', 'rollout'],
    rings.map((r, i) => [String(i + 1), r.name, summarizeGates(r.gates), summarizeRollout(r.rollout)]),
  );
}

/**
 * Pull targets add their agent: whether it called in lately, its version and
 * last contact. A maintenance window shows when it next opens ('open now' while
 * it is open), which is when a held deployment will run.
 */
export function targetsTable(targets: readonly FleetRow[]): string {
  return formatTable(
    ['name', 'ring', 'hosting', 'delivery', { header: 'users', align: 'right' }, 'status', 'release', 'agent', 'agent version', 'last contact', 'window', 'next window'],
    targets.map((t) => {
      const w = t.maintenanceWindow;
      return [
        t.name,
        t.ring,
        t.hosting,
        t.delivery,
        String(t.users),
        t.status,
        t.release?.version ?? NONE,
        ...agentCells(t.agent),
        w ? `${w.cron} ${w.timezone} ${formatDuration(w.durationSeconds)}` : NONE,
        w ? nextWindow(t.nextWindowAt) : NONE,
      ];
    }),
  );
}

function agentCells(agent: FleetRow['agent']): [string, string, string] {
  if (agent === null) return [NONE, NONE, NONE];
  return [agent.reachable ? 'reachable' : 'unreachable', agent.version ?? NONE, agent.lastContactAt === null ? 'never' : shortTime(agent.lastContactAt)];
}

function nextWindow(at: string | null): string {
  if (at === null) return 'open now';
  return at === 'never' ? 'never' : shortTime(at);
}

export function eventsTable(events: readonly Event[]): string {
  return formatTable([{ header: 'id', align: 'right' }, 'time', 'actor', 'summary'], events.map((e) => [String(e.id), shortTime(e.at), e.actor, e.summary]));
}

export function usersTable(users: readonly User[]): string {
  return formatTable(
    ['name', 'role', 'email', 'password', 'created', 'status'],
    users.map((u) => [u.name, u.role, u.email ?? NONE, u.hasPassword ? 'yes' : 'no', shortTime(u.createdAt), u.disabledAt ? 'disabled' : 'active']),
  );
}

export function tokensTable(tokens: readonly Token[], now: Date): string {
  return formatTable(
    ['id', 'name', 'kind', 'for', 'expires', 'last used', 'status'],
    tokens.map((t) => [t.id, t.name, t.kind, tokenScope(t), shortTime(t.expiresAt), shortTime(t.lastUsedAt), tokenStatus(t, now)]),
  );
}

/** Whose or what a token is for: a user, a product (CI) or a target (agent). */
export function tokenScope(token: Token): string {
  if (token.user !== null) return token.user;
  if (token.target !== null) return `${token.product ?? NONE}/${token.target}`;
  return token.product ?? NONE;
}

function tokenStatus(token: Token, now: Date): string {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** Builds, newest first as the server answers them; STATE says why a red build is red. */
export function buildsTable(builds: readonly Build[]): string {
  return formatTable(
    ['component', 'version', 'artifact', 'branch', 'state', 'registered'],
    builds.map((b) => [b.component, b.version, b.artifact, b.branch, describeState(b.stages), shortTime(b.createdAt)]),
  );
}
