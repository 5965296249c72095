/**
 * What applying a product file would change: one entry per created, updated
 * or deleted entity, in a deterministic order. Pure.
 *
 * `current` comes with secrets decrypted, so values compare plainly; a change
 * names the configuration key only, never its value.
 */
import { isDeepStrictEqual } from 'node:util';
import { compareText } from './compare-text.ts';
import type { ComponentSpec, NotifierSpec, ProductSpec, RingSpec, TargetSpec, TrainSpec } from './product-spec.ts';

export interface ProductChange {
  action: 'create' | 'update' | 'delete';
  kind: 'product' | 'component' | 'ring' | 'target' | 'role' | 'train' | 'notifier';
  name: string;
  /** For updates: what changed, like `['dependsOn']` or `['config.SMTP_PASSWORD']`. Empty otherwise. */
  fields: string[];
}

type Kind = ProductChange['kind'];

/** Product, then components, rings, targets, roles, train, notifiers; in each kind creates and updates in desired order, then deletes. */
export function planChanges(current: ProductSpec | null, desired: ProductSpec): ProductChange[] {
  if (current === null) {
    return [
      change('create', 'product', desired.name),
      ...desired.components.map((c) => change('create', 'component', c.name)),
      ...desired.rings.map((r) => change('create', 'ring', r.name)),
      ...desired.targets.map((t) => change('create', 'target', t.name)),
      ...Object.keys(desired.roles).sort(compareText).map((role) => change('create', 'role', role)),
      ...(desired.train === null ? [] : [change('create', 'train', desired.train.ring)]),
      ...desired.notifiers.map((n) => change('create', 'notifier', n.name)),
    ];
  }
  const productFields = [
    ...(current.name === desired.name ? [] : ['name']),
    ...(current.description === desired.description ? [] : ['description']),
  ];
  return [
    ...(productFields.length > 0 ? [change('update', 'product', desired.name, productFields)] : []),
    ...planList('component', current.components, desired.components, componentFields),
    ...planList('ring', current.rings, desired.rings, ringFields),
    ...planList('target', current.targets, desired.targets, targetFields),
    ...planList('role', roleList(current.roles), roleList(desired.roles), (a, b) => (isDeepStrictEqual(a.members, b.members) ? [] : ['members'])),
    ...planTrain(current.train, desired.train),
    ...planList('notifier', current.notifiers, desired.notifiers, notifierFields),
  ];
}

function planTrain(current: TrainSpec | null, desired: TrainSpec | null): ProductChange[] {
  if (current === null) return desired === null ? [] : [change('create', 'train', desired.ring)];
  if (desired === null) return [change('delete', 'train', current.ring)];
  const fields = differing(current, desired, ['ring', 'timezone', 'cut', 'vote', 'deploy', 'bump', 'branch', 'graceSeconds', 'freezes']);
  return fields.length === 0 ? [] : [change('update', 'train', desired.ring, fields)];
}

/** A webhook secret's change shows as `secret`, never its value. */
function notifierFields(a: NotifierSpec, b: NotifierSpec): string[] {
  if (a.kind !== b.kind) return ['kind'];
  const fields = isDeepStrictEqual(a.events, b.events) ? [] : ['events'];
  if (a.kind === 'webhook' && b.kind === 'webhook') {
    if (a.url !== b.url) fields.unshift('url');
    if (!isDeepStrictEqual(a.secret, b.secret)) fields.push('secret');
  } else if (a.kind === 'email' && b.kind === 'email' && !isDeepStrictEqual(a.to, b.to)) fields.unshift('to');
  return fields;
}

function change(action: ProductChange['action'], kind: Kind, name: string, fields: string[] = []): ProductChange {
  return { action, kind, name, fields };
}

/**
 * Entities matched by name. `position` changes when an entity's place among
 * the entities kept on both sides moves (a pure insertion or removal elsewhere
 * is its own create or delete, not a move of every later entity).
 */
function planList<T extends { name: string }>(kind: Kind, current: readonly T[], desired: readonly T[], fieldsOf: (a: T, b: T) => string[]): ProductChange[] {
  const before = new Map(current.map((entity) => [entity.name, entity]));
  const after = new Set(desired.map((entity) => entity.name));
  const keptBefore = rankOf(current.filter((e) => after.has(e.name)));
  const keptAfter = rankOf(desired.filter((e) => before.has(e.name)));
  const changes: ProductChange[] = [];
  for (const entity of desired) {
    const old = before.get(entity.name);
    if (old === undefined) {
      changes.push(change('create', kind, entity.name));
      continue;
    }
    const fields = fieldsOf(old, entity);
    if (keptBefore.get(entity.name) !== keptAfter.get(entity.name)) fields.push('position');
    if (fields.length > 0) changes.push(change('update', kind, entity.name, fields));
  }
  for (const entity of current) {
    if (!after.has(entity.name)) changes.push(change('delete', kind, entity.name));
  }
  return changes;
}

function rankOf(entities: readonly { name: string }[]): Map<string, number> {
  return new Map(entities.map((entity, rank) => [entity.name, rank]));
}

function differing<T extends object>(a: T, b: T, keys: readonly (keyof T & string)[]): string[] {
  return keys.filter((key) => !isDeepStrictEqual(a[key], b[key]));
}

function componentFields(a: ComponentSpec, b: ComponentSpec): string[] {
  return differing(a, b, ['description', 'dependsOn', 'metadata']);
}

function ringFields(a: RingSpec, b: RingSpec): string[] {
  return differing(a, b, ['description', 'gates', 'rollout']);
}

function targetFields(a: TargetSpec, b: TargetSpec): string[] {
  const fields = differing(a, b, ['ring', 'users', 'hosting', 'delivery', 'maintenanceWindow', 'deploy']);
  // Per key, so a secret's change is visible without its value.
  const keys = [...new Set([...Object.keys(a.config), ...Object.keys(b.config)])].sort(compareText);
  for (const key of keys) {
    if (!isDeepStrictEqual(a.config[key], b.config[key])) fields.push(`config.${key}`);
  }
  if (!isDeepStrictEqual(a.labels, b.labels)) fields.push('labels');
  return fields;
}

function roleList(roles: Record<string, string[]>): { name: string; members: string[] }[] {
  return Object.keys(roles).sort(compareText).map((name) => ({ name, members: roles[name] ?? [] }));
}
