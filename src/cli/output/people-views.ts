/**
 * The human views of checklists and Go/No-Go votes: a verdict line per ring,
 * then one row per item or voting role. Pure functions of API answers.
 */
import type { Ballot, ChecklistItemAnswer, ChecklistRing, GateVerdict, VoteRing } from '../../client/api-types.ts';
import { printable } from './printable.ts';
import { formatTable } from './table.ts';
import { shortTime } from './views.ts';

const NONE = '-';

type Item = ChecklistRing['roles'][number]['items'][number];

/** `waiting: 6 required items not ticked: …`. */
function verdictText(verdict: Pick<GateVerdict, 'status' | 'reason'>): string {
  return `${verdict.status}: ${verdict.reason}`;
}

/** `https://ci.example/runs/42`, `file report.pdf (12.0 KiB)`, both, or `-`. */
function evidenceText(item: Item): string {
  const tick = item.tick;
  if (tick === null) return NONE;
  const parts = [...(tick.link === null ? [] : [tick.link]), ...(tick.file === null ? [] : [`file ${tick.file.name} (${sizeText(tick.file.size)})`])];
  return parts.length === 0 ? NONE : parts.join(', ');
}

function sizeText(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Per ring: `staging checklist: waiting: …`, then its items by role with who ticked them and the evidence. */
export function checklistsView(rings: readonly ChecklistRing[]): string {
  if (rings.length === 0) return 'no ring of this release has a checklist\n';
  return rings
    .map((ring) => {
      const rows = ring.roles.flatMap((role) =>
        role.items.map((item) => [
          role.role,
          item.id,
          item.required ? 'yes' : 'no',
          item.evidence === 'required' ? 'required' : NONE,
          item.tick === null ? NONE : `✓ ${item.tick.user}`,
          item.tick === null ? NONE : shortTime(item.tick.at),
          evidenceText(item),
          item.tick?.note || item.text,
        ]),
      );
      const holders = ring.roles.map((r) => `${r.role}: ${r.holders.join(', ') || 'nobody'}`).join('; ');
      return `${printable(`${ring.ring} checklist ${verdictText(ring.verdict)}`)}\n${formatTable(['role', 'item', 'required', 'evidence', 'ticked', 'at', 'attached', 'note / text'], rows)}who may tick: ${printable(holders)}\n`;
    })
    .join('\n');
}

/** `ticked qa's automation-passed for staging (link https://…)` and the ring's checklist verdict now. */
export function tickLines(answer: ChecklistItemAnswer, action: 'ticked' | 'unticked'): string {
  const evidence = action === 'ticked' ? evidenceText(answer) : NONE;
  const head = `${action} ${answer.role}'s ${answer.id} for ${answer.ring}${evidence === NONE ? '' : ` with ${evidence}`}`;
  return `${printable(head)}\n${printable(`${answer.ring} checklist ${verdictText(answer.verdict)}`)}\n`;
}

/** `open since …, closes …`, `decided no-go at …`, or `not opened`. */
function roundText(ring: VoteRing): string {
  if (ring.openedAt === null) return 'not opened';
  if (ring.decision !== null) return `decided ${ring.decision} at ${shortTime(ring.decidedAt)}${ring.decisionReason ? ` (${ring.decisionReason})` : ''}`;
  return `opened ${shortTime(ring.openedAt)} by ${ring.openedBy ?? NONE}, ${ring.closesAt === null ? 'no deadline' : `closes ${shortTime(ring.closesAt)}`}`;
}

/**
 * Per ring: its round and verdict, then one row per voting role with the vote
 * that counts (the latest), and how many ballots were cast in all.
 */
export function votesView(rings: readonly VoteRing[]): string {
  if (rings.length === 0) return 'no ring of this release has a Go/No-Go vote\n';
  return rings
    .map((ring) => {
      const rows = ring.roles.map((role) => {
        const b: Ballot | undefined = ring.latest[role];
        return [role, ring.veto.includes(role) ? 'yes' : 'no', b?.vote ?? NONE, b?.user ?? NONE, b === undefined ? NONE : shortTime(b.at), b?.reason || NONE];
      });
      const rule = `quorum ${ring.quorum} of ${ring.roles.length}${ring.veto.length > 0 ? `, veto: ${ring.veto.join(', ')}` : ''}`;
      const history = ring.ballots.length > Object.keys(ring.latest).length ? `${ring.ballots.length} ballots in all (the latest of each role counts; --json lists every one)\n` : '';
      return `${printable(`${ring.ring} Go/No-Go: ${roundText(ring)}; ${rule}`)}\n${printable(`verdict ${verdictText(ring.verdict)}`)}\n${formatTable(['role', 'veto', 'vote', 'by', 'at', 'reason'], rows)}${history}`;
    })
    .join('\n');
}

/** After a vote: `voted no-go as qa on production` and the verdict now. */
export function votedLines(ring: VoteRing, user: string | null, vote: string): string {
  const mine = [...ring.ballots].reverse().find((b) => user === null || b.user === user);
  const as = mine ? ` as ${mine.role}` : '';
  return `${printable(`voted ${vote}${as} on ${ring.ring}; the vote closes ${ring.closesAt === null ? 'when the release enters the ring' : shortTime(ring.closesAt)}`)}\n${printable(`verdict ${verdictText(ring.verdict)}`)}\n`;
}
