/**
 * The human views of the release engine's answers: releases, their rings and
 * gates, rollouts, deployments and the release × ring overview. Pure functions
 * of API answers (and `now` where time passes), so they are tested by tables.
 */
import { SEVERITIES, type StageResult } from '../../builds/build-types.ts';
import type {
  Approval,
  Build,
  CreateReleaseOutcome,
  Deployment,
  GateVerdict,
  Overview,
  Promotion,
  Release,
  ReleaseDetail,
  RingCheck,
  RollbackOutcome,
  Rollout,
} from '../../client/api-types.ts';
import { formatDuration } from '../../products/product-file/durations.ts';
import type { RolloutState } from '../../releases/release-types.ts';
import { formatTable } from './table.ts';
import { shortTime } from './views.ts';

const NONE = '-';
const TERMINAL = new Set(['done', 'rejected', 'superseded', 'withdrawn']);

type Verdict = Pick<GateVerdict, 'gate' | 'status' | 'reason'> & { opensAt?: string | undefined };
type Stage = Pick<StageResult, 'name' | 'status' | 'tests' | 'coverage' | 'vulnerabilities'>;

/** `created daily-train 2.3.0 (candidate): api 1.4.0, worker 1.2.0, web 2.0.0`, or `unchanged …`. */
export function releaseCreatedLine(outcome: CreateReleaseOutcome): string {
  const r = outcome.release;
  const hotfix = r.baseVersion === null ? '' : `, hotfix of ${r.baseVersion}`;
  return `${outcome.outcome} ${r.product} ${r.version} (${r.state}${hotfix}): ${bom(r.builds)}`;
}

function bom(builds: readonly Pick<Build, 'component' | 'version'>[]): string {
  return builds.map((b) => `${b.component} ${b.version}`).join(', ');
}

/** A rollout state in a few characters: `✓`, `▶`, `✗ halted`, `↶ rolled back`; `-` for a ring not entered. */
export function ringMark(state: RolloutState | null): string {
  switch (state) {
    case null:
      return NONE;
    case 'succeeded':
      return '✓';
    case 'deploying':
      return '▶';
    case 'rolled-back':
      return '↶ rolled back';
    default:
      return `✗ ${state}`;
  }
}

/** Releases with one column per ring; the rings are the first release's (every release lists all, in order). */
export function releasesTable(releases: readonly Release[]): string {
  const rings = releases[0]?.rings.map((r) => r.ring) ?? [];
  return formatTable(
    ['version', 'state', 'channel', ...rings, 'created'],
    releases.map((r) => [
      r.version,
      r.state,
      r.channel,
      ...rings.map((ring) => {
        const p = r.rings.find((x) => x.ring === ring);
        return p ? `${ringMark(p.state)}${p.failures > 0 ? ` ${p.failures} failed` : ''}` : NONE;
      }),
      shortTime(r.createdAt),
    ]),
  );
}

/** `build ✓ unit-tests ✓ 118/0/2 84.5% static-analysis ✓ 0c/1h`: each stage's status and its figures. */
export function stageSummary(stages: readonly Stage[]): string {
  if (stages.length === 0) return 'no stages reported';
  return stages
    .map((s) => {
      const parts = [s.name, s.status === 'passed' ? '✓' : s.status === 'failed' ? '✗' : s.status];
      if (s.tests) parts.push(`${s.tests.passed}/${s.tests.failed}/${s.tests.skipped}`);
      if (s.coverage !== undefined) parts.push(`${s.coverage}%`);
      const v = s.vulnerabilities;
      if (v) {
        const found = SEVERITIES.filter((sev) => v[sev] !== undefined).map((sev) => `${v[sev]}${sev[0]}`);
        if (found.length > 0) parts.push(found.join('/'));
      }
      return parts.join(' ');
    })
    .join(' ');
}

export function bomTable(builds: readonly Build[]): string {
  return formatTable(
    ['component', 'version', 'artifact', 'commit', 'branch', 'build', 'stages'],
    builds.map((b) => [b.component, b.version, b.artifact, b.commit.slice(0, 7), b.branch, b.green ? 'green' : 'red', stageSummary(b.stages)]),
  );
}

export function ringProgressTable(rings: readonly Release['rings'][number][]): string {
  return formatTable(
    ['ring', 'state', 'started', 'finished', { header: 'failed', align: 'right' }],
    rings.map((r) => [r.ring, r.state === null ? 'not entered' : `${ringMark(r.state).split(' ')[0]} ${r.state}`, shortTime(r.startedAt), shortTime(r.finishedAt), String(r.failures)]),
  );
}

export function approvalsTable(approvals: readonly Approval[]): string {
  return formatTable(
    ['ring', 'user', 'roles', 'at', 'comment'],
    approvals.map((a) => [a.ring, a.user, a.roles.join(', '), shortTime(a.at), a.comment === '' ? NONE : a.comment]),
  );
}

/** Every gate of a ring with its verdict; OPENS only when a gate opens by itself. */
export function verdictsTable(verdicts: readonly Verdict[]): string {
  const opens = verdicts.some((v) => v.opensAt !== undefined);
  return formatTable(
    ['gate', 'status', 'reason', ...(opens ? ['opens'] : [])],
    verdicts.map((v) => [v.gate, v.status, v.reason, ...(opens ? [v.opensAt === undefined ? NONE : shortTime(v.opensAt)] : [])]),
  );
}

/** `next: prod, not yet` with the ring order's objection and the gates. */
export function ringCheckText(check: RingCheck): string {
  const head = `next: ${check.ring}, ${check.ready ? 'ready to promote' : 'not yet'}\n`;
  const order = check.order === null ? '' : `order: ${check.order}\n`;
  return head + order + (check.verdicts.length === 0 ? 'no gates\n' : verdictsTable(check.verdicts));
}

/** Why a release has no next ring to check. */
function noNextRing(release: Pick<Release, 'product' | 'version' | 'state'>): string {
  if (release.state === 'draft') return `next: none while a draft: mark it a candidate with \`ringmaster release ready ${release.product} ${release.version}\`\n`;
  if (TERMINAL.has(release.state)) return `next: none (${release.state})\n`;
  return 'next: none: it has entered every ring\n';
}

/** `release show`: header, bill of materials, rings, approvals and the next ring's gates. */
export function releasePage(r: ReleaseDetail): string {
  const facts = [r.state, `channel ${r.channel}`, ...(r.baseVersion === null ? [] : [`hotfix of ${r.baseVersion}`]), ...(r.blessedAt === null ? [] : [`blessed ${shortTime(r.blessedAt)}`])];
  const moved = `${r.state} since ${shortTime(r.stateAt)}${r.stateBy === null ? '' : ` by ${r.stateBy}`}${r.stateReason === null ? '' : `: ${r.stateReason}`}`;
  return [
    `${r.product} ${r.version}: ${facts.join(', ')}\n${moved}\ncreated ${shortTime(r.createdAt)} by ${r.createdBy}\n`,
    `bill of materials:\n${bomTable(r.builds)}`,
    `rings:\n${ringProgressTable(r.rings)}`,
    r.approvals.length === 0 ? 'approvals: none\n' : `approvals:\n${approvalsTable(r.approvals)}`,
    r.next === null ? noNextRing(r) : ringCheckText(r.next),
  ].join('\n');
}

/** `450u`: users, as counted in the product file. */
function users(n: number): string {
  return `${n}u`;
}

/** One release in one ring: `✓ 3/3 · 450u`, `▶ 1/4 w1/2`, `✗ 2/4 halted`, `-` when not entered. */
export function overviewCell(cell: Overview['releases'][number]['cells'][number]): string {
  const done = `${cell.succeeded}/${cell.total}`;
  switch (cell.state) {
    case null:
      return NONE;
    case 'succeeded':
      return `✓ ${done} · ${users(cell.usersOn)}`;
    case 'deploying':
      return `▶ ${done} w${(cell.currentWave ?? 0) + 1}/${cell.waves ?? 1}`;
    case 'rolled-back':
      return `↶ ${done} rolled back`;
    default:
      return `✗ ${done} ${cell.state}`;
  }
}

/** Releases × rings, newest first, under a row with each ring's size: its targets and users (the blast radius). */
export function overviewTable(overview: Overview): string {
  const rings = overview.rings.map((r) => r.name);
  return formatTable(
    ['version', 'state', 'channel', ...rings],
    [
      ['all targets', '', '', ...overview.rings.map((r) => `${r.targets} · ${users(r.users)}`)],
      ...overview.releases.map((release) => [
        release.version,
        release.state,
        release.channel,
        ...rings.map((ring) => {
          const cell = release.cells.find((c) => c.ring === ring);
          return cell ? overviewCell(cell) : NONE;
        }),
      ]),
    ],
  );
}

/** `promoting daily-train 2.3.0 to internal: 3 target(s) in 2 wave(s)`, or what a retry runs again. */
export function promotionLine(promotion: Promotion): string {
  const r = promotion.rollout;
  if (promotion.retried) return `retrying ${r.product} ${r.version} in ${r.ring}: ${r.targets.pending} of ${r.targets.total} target(s) again`;
  return `promoting ${r.product} ${r.version} to ${r.ring}: ${r.targets.total} target(s) in ${r.waves} wave(s)`;
}

/** `, 1 skipped (unreachable)`: pull targets the ring went on without; nothing when there are none. */
function skippedText(t: Rollout['targets']): string {
  return t.skipped > 0 ? `, ${t.skipped} skipped (unreachable)` : '';
}

/** `internal: wave 1/2, 1/3 succeeded`, with failures and skipped targets when there are some. */
export function rolloutProgress(r: Rollout): string {
  const failed = r.targets.failed > 0 ? `, ${r.targets.failed} failed` : '';
  return `${r.ring}: wave ${r.currentWave + 1}/${r.waves}, ${r.targets.succeeded}/${r.targets.total} succeeded${failed}${skippedText(r.targets)}`;
}

/** What changed enough between two polls to print a line: the wave or a count. */
export function progressKey(r: Rollout): string {
  const t = r.targets;
  return [r.currentWave, t.total, t.succeeded, t.failed, t.skipped].join(' ');
}

/** How a rollout that is no longer deploying ended, in one sentence. */
export function rolloutOutcome(r: Rollout): string {
  const t = r.targets;
  if (r.state === 'succeeded') {
    return r.kind === 'promotion'
      ? `${r.product} ${r.version} is in ${r.ring}: ${t.succeeded}/${t.total} target(s) succeeded${skippedText(t)}`
      : `rolled back ${t.succeeded}/${t.total} target(s) of ${r.ring} from ${r.product} ${r.version}`;
  }
  const what = r.kind === 'promotion' ? `the promotion of ${r.product} ${r.version} to ${r.ring}` : `the rollback of ${r.product} ${r.version} in ${r.ring}`;
  const counts = [`${t.succeeded}/${t.total} succeeded`, ...(t.failed > 0 ? [`${t.failed} failed`] : []), ...(t.cancelled > 0 ? [`${t.cancelled} cancelled`] : []), ...(t.skipped > 0 ? [`${t.skipped} skipped`] : [])];
  return `${what} ended ${r.state}: ${counts.join(', ')}${r.reason ? `; ${r.reason}` : ''}`;
}

/** `rolling back …`, then each move `internal-cluster: 2.3.1 → 2.3.0` and each target left alone. */
export function rollbackLines(outcome: RollbackOutcome): string {
  const r = outcome.rollout;
  const lines = [
    `rolling back ${outcome.moves.length} target(s) of ${r.product} in ${r.ring}`,
    ...outcome.moves.map((m) => `${m.target}: ${m.from} → ${m.to}`),
    ...outcome.skipped.map((s) => `skipped ${s.target}: ${s.reason}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}

/** Why a deployment failed: its own error, else its failing step's. */
export function deploymentError(d: Pick<Deployment, 'error' | 'steps'>): string {
  return d.error ?? d.steps.find((s) => s.error !== null)?.error ?? NONE;
}

export function failedTargetsTable(deployments: readonly Deployment[]): string {
  return formatTable(['target', { header: 'attempts', align: 'right' }, 'error'], deployments.map((d) => [d.target, String(d.attempts), deploymentError(d)]));
}

/** `0.4s`, `12.0s`, `1m30s`; running deployments count up to `now`. */
export function deploymentDuration(d: Pick<Deployment, 'startedAt' | 'finishedAt'>, now: Date): string {
  if (d.startedAt === null) return NONE;
  const ms = (d.finishedAt === null ? now.getTime() : Date.parse(d.finishedAt)) - Date.parse(d.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return NONE;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(Math.round(ms / 1000));
}

/** `held until 2026-06-07T07:00:00Z (maintenance window)`: why a deployment that has not started waits; null when it need not. */
export function holdText(d: Pick<Deployment, 'heldUntil'>): string | null {
  if (d.heldUntil === null) return null;
  return d.heldUntil === 'never' ? 'held: its maintenance window never opens' : `held until ${shortTime(d.heldUntil)} (maintenance window)`;
}

/** The last column: a failed deployment's error, or why one waits (its target's maintenance window). */
function deploymentNote(d: Deployment): string {
  if (d.state === 'failed' || d.error !== null) return deploymentError(d);
  return holdText(d) ?? NONE;
}

export function deploymentsTable(deployments: readonly Deployment[], now: Date): string {
  return formatTable(
    ['id', 'target', 'ring', 'kind', 'state', { header: 'wave', align: 'right' }, { header: 'attempts', align: 'right' }, { header: 'duration', align: 'right' }, 'note'],
    deployments.map((d) => [
      d.id,
      d.target,
      d.ring,
      d.kind,
      d.state,
      String(d.wave + 1),
      String(d.attempts),
      deploymentDuration(d, now),
      deploymentNote(d),
    ]),
  );
}

/** `rita approved daily-train 2.3.0 for production as release-manager: comment`. */
export function approvalLine(product: string, version: string, a: Approval): string {
  return `${a.user} approved ${product} ${version} for ${a.ring} as ${a.roles.join(', ')}${a.comment === '' ? '' : `: ${a.comment}`}`;
}

// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A command's output as a terminal may show it: lines and tabs kept, colour
 * sequences dropped, other control characters `?` (they could rewrite the screen).
 */
export function logText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '?');
}
