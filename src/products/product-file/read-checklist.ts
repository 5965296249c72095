/**
 * The checklist gate: `checklist: { roles: [module-lead, sre, qa], items: { qa: [...] } }`.
 * Roles without items of their own get the daily train's defaults.
 */
import { isScalar } from 'yaml';
import { DEFAULT_CHECKLISTS } from '../../checklists/default-checklists.ts';
import { compareText } from '../compare-text.ts';
import type { ChecklistItemSpec, GateSpec } from '../product-spec.ts';
import { keyPath } from './product-file-error.ts';
import { checkRole } from './read-gates.ts';
import type { Located, Reader } from './yaml-reader.ts';

const ITEM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EVIDENCE = ['optional', 'required'] as const;

export function readChecklistGate(r: Reader, at: Located): Extract<GateSpec, { kind: 'checklist' }> | undefined {
  const m = r.map(at, ['roles', 'items']);
  if (m === undefined) return undefined;
  const rolesAt = m.require('roles');
  const roles = rolesAt && r.stringList(rolesAt, checkRole);
  if (rolesAt !== undefined && roles?.length === 0) r.report(rolesAt.node, rolesAt.path, 'a checklist needs at least one role');
  if (roles === undefined || roles.length === 0) return undefined;
  const names = roles.map((x) => x.value);
  const itemsAt = m.get('items');
  const given = itemsAt === undefined ? {} : readItemLists(r, itemsAt, names);
  if (given === undefined) return undefined;
  const items: Record<string, ChecklistItemSpec[]> = {};
  let ok = true;
  for (const role of roles) {
    const list = given[role.value] ?? DEFAULT_CHECKLISTS[role.value]?.map((i) => ({ ...i }));
    if (list === undefined) {
      r.report(role.at.node, role.at.path, `role '${role.value}' has no default checklist: list its items under items.${role.value}`);
      ok = false;
    } else items[role.value] = list;
  }
  return ok ? { kind: 'checklist', roles: names.sort(compareText), items } : undefined;
}

function readItemLists(r: Reader, at: Located, roles: readonly string[]): Record<string, ChecklistItemSpec[]> | undefined {
  const entries = r.entries(at);
  if (entries === undefined) return undefined;
  const lists: Record<string, ChecklistItemSpec[]> = {};
  let ok = true;
  for (const { key, value } of entries) {
    const role = String(key.value);
    const path = keyPath(at.path, role);
    if (!roles.includes(role)) {
      r.report(key, path, `'${role}' is not one of the checklist's roles (${roles.join(', ')})`);
      ok = false;
      continue;
    }
    const items = value === null ? undefined : readItems(r, value);
    if (value === null) r.report(key, path, `list ${role}'s items, or leave the role out of items to use its defaults`);
    if (items === undefined) ok = false;
    else lists[role] = items;
  }
  return ok ? lists : undefined;
}

function readItems(r: Reader, at: Located): ChecklistItemSpec[] | undefined {
  const seq = r.seq(at);
  if (seq === undefined) return undefined;
  if (seq.length === 0) {
    r.report(at.node, at.path, 'a checklist needs at least one item');
    return undefined;
  }
  const items: ChecklistItemSpec[] = [];
  let ok = true;
  for (const entry of seq) {
    const item = readItem(r, entry);
    if (item === undefined) {
      ok = false;
      continue;
    }
    if (items.some((i) => i.id === item.id)) {
      r.report(entry.node, entry.path, `item id '${item.id}' is listed twice: give one of them its own id`);
      ok = false;
    } else items.push(item);
  }
  return ok ? items : undefined;
}

/** `- Load test report attached` or `- { id, text, required, evidence }`. */
function readItem(r: Reader, at: Located): ChecklistItemSpec | undefined {
  if (isScalar(at.node)) {
    const text = r.string(at, checkText);
    return text === undefined ? undefined : { id: slug(text), text, required: true, evidence: 'optional' };
  }
  const m = r.map(at, ['id', 'text', 'required', 'evidence']);
  if (m === undefined) return undefined;
  const textAt = m.require('text');
  const text = textAt && r.string(textAt, checkText);
  const idAt = m.get('id');
  const id = idAt === undefined ? (text === undefined ? undefined : slug(text)) : r.string(idAt, checkItemId);
  const requiredAt = m.get('required');
  const required = requiredAt === undefined ? true : r.boolean(requiredAt);
  const evidenceAt = m.get('evidence');
  const evidence = evidenceAt === undefined ? 'optional' : r.oneOf(evidenceAt, EVIDENCE);
  if (text === undefined || id === undefined || required === undefined || evidence === undefined) return undefined;
  return { id, text, required, evidence };
}

function checkText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'an item needs text';
  return trimmed.length > 200 ? 'an item is at most 200 characters: put details in the runbook' : null;
}

function checkItemId(id: string): string | null {
  return ITEM_ID.test(id) ? null : `item id '${id}' must be lowercase letters, digits and dashes (up to 63), starting with a letter or digit`;
}

/** An id from an item's text: `Load test report attached` → `load-test-report-attached`. */
export function slug(text: string): string {
  const base = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return base === '' ? 'item' : base;
}
