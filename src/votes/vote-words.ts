/**
 * The one-line summaries of Go/No-Go events. Pure, so their wording is
 * tested by tables.
 */
import type { GateSpec } from '../products/product-spec.ts';
import type { VoteChoice } from './vote-types.ts';

type VoteGate = Extract<GateSpec, { kind: 'vote' }>;

/** `qa`, `qa and sre`, `module-lead, qa and sre`. */
export function andList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * `vote opened on daily-train 1.5.0 for production: module-lead, sre, qa, product vote,
 * qa and sre can veto; closes 2026-12-04T11:30:00.000Z`.
 */
export function openedSummary(product: string, version: string, ring: string, gate: VoteGate, closesAt: Date | null): string {
  const quorum = gate.quorum < gate.roles.length ? ` (${gate.quorum} go ${gate.quorum === 1 ? 'vote' : 'votes'} needed)` : '';
  const veto = gate.veto.length === 0 ? '' : `, ${andList(gate.veto)} can veto`;
  const closes = closesAt === null ? 'no deadline' : `closes ${closesAt.toISOString()}`;
  return `vote opened on ${product} ${version} for ${ring}: ${gate.roles.join(', ')} vote${quorum}${veto}; ${closes}`;
}

/** `carol (qa) voted no-go on daily-train 1.5.0 for production: login broken`. */
export function castSummary(user: string, role: string, vote: VoteChoice, product: string, version: string, ring: string, reason: string): string {
  return `${user} (${role}) voted ${vote} on ${product} ${version} for ${ring}${reason === '' ? '' : `: ${reason}`}`;
}

/** `Go/No-Go on daily-train 1.5.0 for production decided no-go: qa (carol) voted no-go: login broken`. */
export function decidedSummary(product: string, version: string, ring: string, decision: VoteChoice, reason: string): string {
  return `Go/No-Go on ${product} ${version} for ${ring} decided ${decision}: ${reason}`;
}
