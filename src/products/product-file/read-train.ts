/**
 * The release train: `train: { ring, timezone, cut, vote, deploy, bump, branch, grace, freezes }`.
 */
import type { TrainSpec } from '../product-spec.ts';
import { checkBranch } from './name-rules.ts';
import { checkCron, checkTimeZone, readFreezes } from './read-schedule.ts';
import { didYouMean } from './suggest.ts';
import type { Located, Reader } from './yaml-reader.ts';

const BUMPS = ['major', 'minor', 'patch'] as const;
const DEFAULT_GRACE_SECONDS = 3_600;

export function readTrain(r: Reader, at: Located, ringNames: readonly string[] | undefined): TrainSpec | undefined {
  const m = r.map(at, ['ring', 'timezone', 'cut', 'vote', 'deploy', 'bump', 'branch', 'grace', 'freezes']);
  if (m === undefined) return undefined;
  const ringAt = m.require('ring');
  const ring = ringAt && r.string(ringAt, (name) => (ringNames === undefined || ringNames.includes(name) ? null : `no ring '${name}'${didYouMean(name, ringNames)}; rings are ${ringNames.join(', ')}`));
  const zoneAt = m.require('timezone');
  const timezone = zoneAt && r.string(zoneAt, checkTimeZone);
  const [cut, vote, deploy] = (['cut', 'vote', 'deploy'] as const).map((key) => {
    const cronAt = m.require(key);
    return cronAt && r.string(cronAt, (pattern) => checkCron(pattern, timezone ?? 'UTC'));
  });
  const bumpAt = m.get('bump');
  const bump = bumpAt === undefined ? 'minor' : r.oneOf(bumpAt, BUMPS);
  const branchAt = m.get('branch');
  const branch = branchAt === undefined ? 'main' : r.string(branchAt, checkBranch);
  const graceAt = m.get('grace');
  const graceSeconds = graceAt === undefined ? DEFAULT_GRACE_SECONDS : r.duration(graceAt, 1);
  const freezesAt = m.get('freezes');
  const freezes = freezesAt === undefined ? [] : readFreezes(r, freezesAt);
  if (ring === undefined || timezone === undefined || cut === undefined || vote === undefined || deploy === undefined) return undefined;
  if (bump === undefined || branch === undefined || graceSeconds === undefined || freezes === undefined) return undefined;
  return { ring, timezone, cut, vote, deploy, bump, branch, graceSeconds, freezes };
}
