/**
 * A ring's rollout policy: cumulative waves, pause, halting and automation.
 */
import { isScalar } from 'yaml';
import { DEFAULT_ROLLOUT, type RolloutSpec, type WaveSpec } from '../product-spec.ts';
import { describe, type Located, type Reader } from './yaml-reader.ts';

const PERCENT = /^(\d{1,3}(?:\.\d{1,4})?)%$/;
const WAVES_HINT = "waves are all percentages ('5%', '25%', '100%') or all counts of targets (1, 10, 50)";

export function readRollout(r: Reader, at: Located): RolloutSpec | undefined {
  const m = r.map(at, ['waves', 'pause', 'haltOnFailures', 'autoPromote', 'autoRollback', 'unreachable']);
  if (m === undefined) return undefined;
  const get = <T>(key: Parameters<typeof m.get>[0], read: (a: Located) => T | undefined, fallback: T): T | undefined => {
    const fieldAt = m.get(key);
    return fieldAt === undefined ? fallback : read(fieldAt);
  };
  const waves = get('waves', (a) => readWaves(r, a), DEFAULT_ROLLOUT.waves);
  const pauseSeconds = get('pause', (a) => r.duration(a, 0), DEFAULT_ROLLOUT.pauseSeconds);
  const haltOnFailures = get('haltOnFailures', (a) => r.integer(a, 1), DEFAULT_ROLLOUT.haltOnFailures);
  const autoPromote = get('autoPromote', (a) => r.boolean(a), DEFAULT_ROLLOUT.autoPromote);
  const autoRollback = get('autoRollback', (a) => r.boolean(a), DEFAULT_ROLLOUT.autoRollback);
  const unreachable = get('unreachable', (a) => r.oneOf(a, ['block', 'skip'] as const), DEFAULT_ROLLOUT.unreachable);
  if (
    waves === undefined || pauseSeconds === undefined || haltOnFailures === undefined ||
    autoPromote === undefined || autoRollback === undefined || unreachable === undefined
  ) return undefined;
  return { waves: waves.map((w) => ({ ...w })), pauseSeconds, haltOnFailures, autoPromote, autoRollback, unreachable };
}

function readWaves(r: Reader, at: Located): WaveSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    r.report(at.node, at.path, `needs at least one wave; ${WAVES_HINT}`);
    return undefined;
  }
  const waves: WaveSpec[] = [];
  let previous = 0;
  for (const item of items) {
    const wave = readWave(r, item);
    if (wave === undefined) return undefined;
    const first = waves[0];
    if (first !== undefined && 'percent' in first !== 'percent' in wave) {
      r.report(item.node, item.path, `percentages and counts are mixed; ${WAVES_HINT}`);
      return undefined;
    }
    const size = 'percent' in wave ? wave.percent : wave.count;
    if (size <= previous) {
      r.report(item.node, item.path, 'waves are cumulative and must be strictly increasing');
      return undefined;
    }
    previous = size;
    waves.push(wave);
  }
  const last = waves[waves.length - 1];
  const lastAt = items[items.length - 1];
  if (last !== undefined && lastAt !== undefined && 'percent' in last && last.percent !== 100) {
    r.report(lastAt.node, lastAt.path, "the last wave must be '100%' so the whole ring is reached");
    return undefined;
  }
  return waves;
}

function readWave(r: Reader, at: Located): WaveSpec | undefined {
  if (isScalar(at.node) && typeof at.node.value === 'number') {
    const count = r.integer(at, 1);
    return count === undefined ? undefined : { count };
  }
  const text = isScalar(at.node) && typeof at.node.value === 'string' ? at.node.value : null;
  if (text === null || !PERCENT.test(text)) {
    r.report(at.node, at.path, `${text === null ? `got ${describe(at.node)}` : `'${text}' is not a wave`}; ${WAVES_HINT}`);
    return undefined;
  }
  const percent = Number(text.slice(0, -1));
  if (percent <= 0 || percent > 100) {
    r.report(at.node, at.path, 'a percentage wave must be more than 0% and at most 100%');
    return undefined;
  }
  return { percent };
}
