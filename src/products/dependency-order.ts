/**
 * Deployment order of components from their `dependsOn` edges. Pure: shared by
 * the product file check and the release engine.
 *
 * Dependencies on names that are not among the nodes are ignored here (the
 * product file reports them); a name listed twice counts once, first wins.
 */
import { compareText } from './compare-text.ts';

export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * A dependency cycle as a path whose first node is repeated at the end, each
 * node depending on the next (`['api', 'worker', 'api']`), or null if none.
 * Deterministic: the first cycle met walking the nodes and edges in list order.
 */
export function findCycle(nodes: readonly DependencyNode[]): string[] | null {
  const edges = edgeMap(nodes);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: a long chain must not overflow the call stack.
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; next: number };
      const child = (edges.get(top.name) ?? [])[top.next++];
      if (child === undefined) {
        state.set(top.name, 'done');
        stack.pop();
      } else if (state.get(child) === 'open') {
        const from = stack.findIndex((frame) => frame.name === child);
        return [...stack.slice(from).map((frame) => frame.name), child];
      } else if (!state.has(child)) {
        state.set(child, 'open');
        stack.push({ name: child, next: 0 });
      }
    }
  }
  return null;
}

/**
 * Components grouped into layers, each depending only on earlier layers, so a
 * layer's components can deploy in parallel. Names are sorted within a layer.
 * Throws on a cycle: callers pass validated specs, so a cycle is a bug.
 */
export function deploymentLayers(nodes: readonly DependencyNode[]): string[][] {
  const edges = edgeMap(nodes);
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [name, dependsOn] of edges) {
    waiting.set(name, dependsOn.length);
    for (const dependency of dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), name]);
  }
  const layers: string[][] = [];
  let current = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
  let placed = 0;
  while (current.length > 0) {
    current.sort(compareText);
    layers.push(current);
    placed += current.length;
    const next: string[] = [];
    for (const name of current) {
      for (const dependent of dependents.get(name) ?? []) {
        const left = (waiting.get(dependent) ?? 0) - 1;
        waiting.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    current = next;
  }
  if (placed < edges.size) {
    const cycle = findCycle(nodes) ?? [];
    throw new Error(`dependency cycle: ${cycle.join(' → ')}`);
  }
  return layers;
}

/** Name → unique known dependencies, in list order. */
function edgeMap(nodes: readonly DependencyNode[]): Map<string, string[]> {
  const names = new Set(nodes.map((node) => node.name));
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    if (edges.has(node.name)) continue;
    edges.set(node.name, [...new Set(node.dependsOn)].filter((dependency) => names.has(dependency)));
  }
  return edges;
}
