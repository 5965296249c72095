/**
 * Components: unique names, known dependencies, no dependency cycles.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { compareText } from '../compare-text.ts';
import { findCycle } from '../dependency-order.ts';
import type { ComponentSpec } from '../product-spec.ts';
import { checkName } from './name-rules.ts';
import { didYouMean } from './suggest.ts';
import { describe, type Located, type Reader } from './yaml-reader.ts';

/** Free-form metadata deeper than this is almost certainly a mistake (or an attack). */
const MAX_METADATA_DEPTH = 32;

export function readComponents(r: Reader, at: Located): ComponentSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  if (items.length === 0) r.report(at.node, at.path, 'a product needs at least one component');
  // The graph holds every component with a good name, even one with other
  // errors, so that its dependents are not told it does not exist.
  const graph: { name: string; dependsOn: { value: string; at: Located }[] }[] = [];
  const specs: ComponentSpec[] = [];
  let ok = items.length > 0;
  for (const item of items) {
    const m = r.map(item, ['name', 'description', 'dependsOn', 'metadata']);
    const nameAt = m?.require('name');
    const name = nameAt && r.string(nameAt, checkName);
    const descriptionAt = m?.get('description');
    const description = descriptionAt === undefined ? '' : r.string(descriptionAt);
    const dependsOnAt = m?.get('dependsOn');
    const dependsOn = dependsOnAt === undefined ? [] : r.stringList(dependsOnAt);
    const metadataAt = m?.get('metadata');
    const metadata = metadataAt === undefined ? {} : readMetadata(r, metadataAt);
    if (name !== undefined && nameAt !== undefined && graph.some((c) => c.name === name)) {
      r.report(nameAt.node, nameAt.path, `component '${name}' is defined twice`);
      ok = false;
      continue;
    }
    if (name !== undefined) graph.push({ name, dependsOn: dependsOn ?? [] });
    if (m === undefined || name === undefined || description === undefined || dependsOn === undefined || metadata === undefined) {
      ok = false;
      continue;
    }
    // Dependency order lives in the graph, not the list: sorted for equal specs.
    specs.push({ name, description, dependsOn: dependsOn.map((d) => d.value).sort(compareText), metadata });
  }
  return checkGraph(r, graph) && ok ? specs : undefined;
}

/** Every dependency names a component, and none depends on itself through others. */
function checkGraph(r: Reader, graph: { name: string; dependsOn: { value: string; at: Located }[] }[]): boolean {
  let ok = true;
  const names = graph.map((c) => c.name);
  for (const { dependsOn } of graph) {
    for (const d of dependsOn) {
      if (names.includes(d.value)) continue;
      r.report(d.at.node, d.at.path, `unknown component '${d.value}'${didYouMean(d.value, names)}`);
      ok = false;
    }
  }
  const cycle = findCycle(graph.map((c) => ({ name: c.name, dependsOn: c.dependsOn.map((d) => d.value) })));
  if (cycle !== null) {
    // Point at the edge that leaves the cycle's first component.
    const edge = graph.find((c) => c.name === cycle[0])?.dependsOn.find((d) => d.value === cycle[1]);
    if (edge !== undefined) r.report(edge.at.node, edge.at.path, `dependency cycle: ${cycle.join(' → ')}`);
    ok = false;
  }
  return ok;
}

/** A free-form map as plain JSON-compatible data. */
function readMetadata(r: Reader, at: Located): Record<string, unknown> | undefined {
  const value = toPlain(r, at, 0);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    r.report(at.node, at.path, `expected a map, got ${describe(at.node)}`);
    return undefined;
  }
  return value as Record<string, unknown>;
}

function toPlain(r: Reader, at: Located, depth: number): unknown {
  if (depth > MAX_METADATA_DEPTH) {
    r.report(at.node, at.path, `nested more than ${MAX_METADATA_DEPTH} levels deep`);
    return undefined;
  }
  const node: Node = at.node;
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v + 0; // -0 → 0, as JSON storage would
    r.report(node, at.path, `expected a string, number, boolean or nothing, got ${describe(node)}`);
    return undefined;
  }
  if (isMap(node)) {
    const entries = r.entries(at);
    if (entries === undefined) return undefined;
    const result: Record<string, unknown> = {};
    let ok = true;
    for (const entry of entries) {
      const value = entry.value === null ? null : toPlain(r, entry.value, depth + 1);
      if (value === undefined) ok = false;
      // defineProperty: a key named __proto__ must stay a plain key.
      else Object.defineProperty(result, entry.key.value as string, { value, enumerable: true, writable: true, configurable: true });
    }
    return ok ? result : undefined;
  }
  if (isSeq(node)) {
    const values = (r.seq(at) ?? []).map((item) => toPlain(r, item, depth + 1));
    return values.includes(undefined) ? undefined : values;
  }
  r.report(node, at.path, `expected a string, number, boolean, list or map, got ${describe(node)}`);
  return undefined;
}
