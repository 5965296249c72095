import type { FleetFilter } from '../app/api.ts';

/** The targets page's filters live in the URL, so a filtered view can be shared. */
export type TargetSearch = Pick<FleetFilter, 'ring' | 'hosting' | 'status' | 'q'>;

export type Hosting = NonNullable<FleetFilter['hosting']>;
export type TargetStatus = NonNullable<FleetFilter['status']>;

/** Each filter's options; typed as a Record, so a kind the server adds must be named here. */
export const HOSTING_LABELS = { internal: 'Internal', demo: 'Demo', hosted: 'Hosted', 'on-prem': 'On-prem' } satisfies Record<Hosting, string>;
export const STATUS_LABELS = { ok: 'OK', failed: 'Failed', deploying: 'Deploying', never: 'Never deployed', unreachable: 'Agent unreachable' } satisfies Record<TargetStatus, string>;

/** The server's limit on `q`. */
export const MAX_QUERY_LENGTH = 100;

function isOneOf<T extends object>(labels: T, value: string): value is Extract<keyof T, string> {
  return Object.hasOwn(labels, value);
}

/** Keeps what the server accepts and drops the rest, so a hand-edited URL still shows a page. */
export function parseTargetSearch(search: Record<string, unknown>): TargetSearch {
  const text = (key: string) => (typeof search[key] === 'string' && search[key].trim() !== '' ? search[key].trim() : undefined);
  const out: TargetSearch = {};
  const ring = text('ring');
  if (ring) out.ring = ring.slice(0, 63);
  const hosting = text('hosting');
  if (hosting && isOneOf(HOSTING_LABELS, hosting)) out.hosting = hosting;
  const status = text('status');
  if (status && isOneOf(STATUS_LABELS, status)) out.status = status;
  const q = text('q');
  if (q) out.q = q.slice(0, MAX_QUERY_LENGTH);
  return out;
}

export function hasFilters(search: TargetSearch): boolean {
  return Boolean(search.ring || search.hosting || search.status || search.q);
}

/** A search with the patch applied and empty values removed (they would show as `?ring=` in the URL). */
export function patchSearch(search: TargetSearch, patch: Partial<TargetSearch>): TargetSearch {
  return parseTargetSearch({ ...search, ...patch });
}
