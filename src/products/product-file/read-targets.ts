/**
 * Targets: where a release runs, each in a ring, with its delivery, deploy
 * commands, configuration (some of it secret) and labels.
 */
import { isMap, isScalar } from 'yaml';
import { DEFAULT_DEPLOY, DELIVERY_MODES, HOSTING_KINDS, type ConfigValue, type DeploySpec, type TargetSpec } from '../product-spec.ts';
import { compareText } from '../compare-text.ts';
import { keyPath } from './product-file-error.ts';
import { checkLabel, checkName, checkNonEmpty, checkVariable } from './name-rules.ts';
import { readWindow } from './read-schedule.ts';
import { didYouMean } from './suggest.ts';
import { describe, type Located, type Reader } from './yaml-reader.ts';

const TARGET_KEYS = ['name', 'ring', 'users', 'hosting', 'delivery', 'maintenanceWindow', 'deploy', 'config', 'labels'] as const;

export function readTargets(r: Reader, at: Located, ringNames: readonly string[] | undefined): TargetSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  const targets: TargetSpec[] = [];
  let ok = true;
  for (const item of items) {
    const target = readTarget(r, item, ringNames);
    if (target === undefined) {
      ok = false;
    } else if (targets.some((t) => t.name === target.spec.name)) {
      r.report(target.nameAt.node, target.nameAt.path, `target '${target.spec.name}' is defined twice`);
      ok = false;
    } else {
      targets.push(target.spec);
    }
  }
  return ok ? targets : undefined;
}

function readTarget(r: Reader, at: Located, ringNames: readonly string[] | undefined): { spec: TargetSpec; nameAt: Located } | undefined {
  const m = r.map(at, TARGET_KEYS);
  if (m === undefined) return undefined;
  const optional = <T>(key: (typeof TARGET_KEYS)[number], read: (a: Located) => T | undefined, fallback: T): T | undefined => {
    const fieldAt = m.get(key);
    return fieldAt === undefined ? fallback : read(fieldAt);
  };
  const nameAt = m.require('name');
  const name = nameAt && r.string(nameAt, checkName);
  const ringAt = m.require('ring');
  // Without valid rings there is nothing to check a ring name against.
  const ring = ringAt && r.string(ringAt, (value) => (ringNames === undefined || ringNames.includes(value) ? null : `unknown ring '${value}'${didYouMean(value, ringNames)}`));
  const users = optional('users', (a) => r.integer(a, 0), 0);
  const hosting = optional('hosting', (a) => r.oneOf(a, HOSTING_KINDS), 'internal');
  const delivery = optional('delivery', (a) => r.oneOf(a, DELIVERY_MODES), 'push');
  const maintenanceWindow = optional('maintenanceWindow', (a) => readWindow(r, a), null);
  const deploy = optional('deploy', (a) => readDeploy(r, a), { ...DEFAULT_DEPLOY });
  const config = optional('config', (a) => readConfig(r, a), {});
  const labels = optional('labels', (a) => readLabels(r, a), {});
  if (delivery === 'push' && deploy !== undefined && deploy.command === null) {
    const deployAt = m.get('deploy');
    r.report((deployAt ?? m.at).node, keyPath(keyPath(at.path, 'deploy'), 'command'), 'push targets need deploy.command (or use delivery: pull)');
    return undefined;
  }
  if (
    name === undefined || nameAt === undefined || ring === undefined || users === undefined || hosting === undefined ||
    delivery === undefined || maintenanceWindow === undefined || deploy === undefined || config === undefined || labels === undefined
  ) return undefined;
  return { spec: { name, ring, users, hosting, delivery, maintenanceWindow, deploy, config, labels }, nameAt };
}

function readDeploy(r: Reader, at: Located): DeploySpec | undefined {
  const m = r.map(at, ['command', 'verify', 'rollback', 'timeout']);
  if (m === undefined) return undefined;
  const command = (key: 'command' | 'verify' | 'rollback'): string | null | undefined => {
    const fieldAt = m.get(key);
    return fieldAt === undefined ? null : r.string(fieldAt, checkNonEmpty);
  };
  const spec = { command: command('command'), verify: command('verify'), rollback: command('rollback') };
  const timeoutAt = m.get('timeout');
  const timeoutSeconds = timeoutAt === undefined ? DEFAULT_DEPLOY.timeoutSeconds : r.duration(timeoutAt, 1);
  if (spec.command === undefined || spec.verify === undefined || spec.rollback === undefined || timeoutSeconds === undefined) return undefined;
  return { command: spec.command, verify: spec.verify, rollback: spec.rollback, timeoutSeconds };
}

/** Keys sorted so that key order in the file does not matter. Values are never echoed: they may be secret. */
function readConfig(r: Reader, at: Located): Record<string, ConfigValue> | undefined {
  const entries = r.entries(at);
  if (entries === undefined) return undefined;
  const config: Record<string, ConfigValue> = {};
  let ok = true;
  for (const { key, value } of entries.sort((a, b) => compareText(String(a.key.value), String(b.key.value)))) {
    const name = key.value as string;
    const path = keyPath(at.path, name);
    const problem = checkVariable(name);
    if (problem !== null) r.report(key, path, problem);
    const read = value === null ? reportEmpty(r, key, path) : readConfigValue(r, value);
    if (problem !== null || read === undefined) ok = false;
    else config[name] = read;
  }
  return ok ? config : undefined;
}

function reportEmpty(r: Reader, key: Located['node'], path: string): undefined {
  r.report(key, path, `needs a value (write "" for an empty one)`);
  return undefined;
}

/** A plain value or `{ secret: ... }`. */
export function readConfigValue(r: Reader, at: Located): ConfigValue | undefined {
  if (isMap(at.node)) {
    const m = r.map(at, ['secret']);
    const secretAt = m?.require('secret');
    if (secretAt === undefined) return undefined;
    const value = scalarText(secretAt);
    if (value === undefined) {
      r.report(secretAt.node, secretAt.path, `a secret is a string, number or boolean, got ${describe(secretAt.node)}`);
      return undefined;
    }
    return { value, secret: true };
  }
  const value = scalarText(at);
  if (value === undefined) {
    r.report(at.node, at.path, `expected a string, number, boolean or { secret: ... }, got ${describe(at.node)}`);
    return undefined;
  }
  return { value, secret: false };
}

function readLabels(r: Reader, at: Located): Record<string, string> | undefined {
  const entries = r.entries(at);
  if (entries === undefined) return undefined;
  const labels: Record<string, string> = {};
  let ok = true;
  for (const { key, value } of entries.sort((a, b) => compareText(String(a.key.value), String(b.key.value)))) {
    const name = key.value as string;
    const path = keyPath(at.path, name);
    const problem = checkLabel(name);
    if (problem !== null) r.report(key, path, problem);
    const text = value === null ? reportEmpty(r, key, path) : scalarText(value);
    if (value !== null && text === undefined) r.report(value.node, value.path, `expected a string, got ${describe(value.node)}`);
    if (problem !== null || text === undefined) ok = false;
    else labels[name] = text;
  }
  return ok ? labels : undefined;
}

/** A scalar as the text written in the file, so `1.10` stays `1.10` rather than becoming `1.1`. */
function scalarText(at: Located): string | undefined {
  const node = at.node;
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return node.source ?? String(node.value);
  return undefined;
}
