/**
 * Rings, in order of exposure: unique names, gates and a rollout policy.
 */
import { DEFAULT_ROLLOUT, type RingSpec } from '../product-spec.ts';
import { checkName } from './name-rules.ts';
import { readGates } from './read-gates.ts';
import { readRollout } from './read-rollout.ts';
import type { Located, Reader } from './yaml-reader.ts';

/**
 * `names` holds every ring with a good name, even one with other errors, so
 * that targets in it are still checked and not told their ring is unknown.
 */
export function readRings(r: Reader, at: Located): { rings: RingSpec[] | undefined; names: string[] | undefined } {
  const items = r.seq(at);
  if (items === undefined) return { rings: undefined, names: undefined };
  if (items.length === 0) r.report(at.node, at.path, 'a product needs at least one ring');
  const rings: RingSpec[] = [];
  const names: string[] = [];
  let ok = items.length > 0;
  for (const item of items) {
    const m = r.map(item, ['name', 'description', 'gates', 'rollout']);
    const nameAt = m?.require('name');
    const name = nameAt && r.string(nameAt, checkName);
    const descriptionAt = m?.get('description');
    const description = descriptionAt === undefined ? '' : r.string(descriptionAt);
    const gatesAt = m?.get('gates');
    const gates = gatesAt === undefined ? [] : readGates(r, gatesAt);
    const rolloutAt = m?.get('rollout');
    const rollout = rolloutAt === undefined ? { ...DEFAULT_ROLLOUT, waves: DEFAULT_ROLLOUT.waves.map((w) => ({ ...w })) } : readRollout(r, rolloutAt);
    if (name !== undefined && nameAt !== undefined && names.includes(name)) {
      r.report(nameAt.node, nameAt.path, `ring '${name}' is defined twice`);
      ok = false;
      continue;
    }
    if (name !== undefined) names.push(name);
    if (m === undefined || name === undefined || description === undefined || gates === undefined || rollout === undefined) {
      ok = false;
      continue;
    }
    rings.push({ name, description, gates, rollout });
  }
  return { rings: ok ? rings : undefined, names };
}
