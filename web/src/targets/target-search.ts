import type { FleetFilter } from '../app/api.ts';

/** The targets page's filters live in the URL, so a filtered view can be shared. */
export type TargetSearch = Pick<FleetFilter, 'ring' | 'hosting' | 'status' | 'q'>;

export function parseTargetSearch(search: Record<string, unknown>): TargetSearch {
  const text = (key: string) => (typeof search[key] === 'string' && search[key] !== '' ? (search[key] as string) : undefined);
  const out: TargetSearch = {};
  const ring = text('ring');
  if (ring) out.ring = ring;
  const hosting = text('hosting');
  if (hosting) out.hosting = hosting as TargetSearch['hosting'];
  const status = text('status');
  if (status) out.status = status as TargetSearch['status'];
  const q = text('q');
  if (q) out.q = q;
  return out;
}
