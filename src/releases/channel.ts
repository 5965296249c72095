/**
 * A release's channel, derived from how far it got and how clean its builds
 * are. Pure: recomputed whenever a release is read.
 */
import type { StageResult } from '../builds/build-types.ts';
import type { Channel, ReleaseState, RingProgress } from './release-types.ts';

export const CHANNEL_RULE =
  'A release is stable once it has been blessed (it passed every ring before the one only blessed releases enter) ' +
  'and its quality is clean: every build green and no stage reporting failed tests. ' +
  'It is beta once it has succeeded in at least two rings and its quality is clean. ' +
  'Everything else is alpha, and so is a rejected release whatever it reached.';

export interface ChannelInput {
  state: ReleaseState;
  blessedAt: string | null;
  progress: readonly RingProgress[];
  builds: readonly { green: boolean; stages: StageResult[] }[];
}

export function channelOf(input: ChannelInput): Channel {
  if (input.state === 'rejected') return 'alpha';
  const clean = input.builds.every((build) => build.green && build.stages.every((stage) => (stage.tests?.failed ?? 0) === 0));
  if (!clean) return 'alpha';
  const blessed = input.blessedAt !== null || input.state === 'blessed' || input.state === 'done';
  if (blessed) return 'stable';
  const succeeded = input.progress.filter((p) => p.state === 'succeeded').length;
  return succeeded >= 2 ? 'beta' : 'alpha';
}
