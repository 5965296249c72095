import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deploymentLayers, findCycle, type DependencyNode } from './dependency-order.ts';

const node = (name: string, ...dependsOn: string[]): DependencyNode => ({ name, dependsOn });

/** Random DAGs: node i depends only on nodes before it. */
const dagArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `c${j}`)))).map((deps) =>
    deps.map((dependsOn, i) => node(`c${i}`, ...dependsOn)),
  ),
);

/** Shuffled so list order says nothing about the graph. */
const shuffledDagArb = dagArb.chain((nodes) => fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length }));

function edgeExists(nodes: readonly DependencyNode[], from: string, to: string): boolean {
  return nodes.some((n) => n.name === from && n.dependsOn.includes(to));
}

describe('findCycle', () => {
  const cases: { name: string; nodes: DependencyNode[]; cycle: string[] | null }[] = [
    { name: 'no components', nodes: [], cycle: null },
    { name: 'a chain', nodes: [node('web', 'api'), node('api', 'db'), node('db')], cycle: null },
    { name: 'a diamond', nodes: [node('a', 'b', 'c'), node('b', 'd'), node('c', 'd'), node('d')], cycle: null },
    { name: 'two components', nodes: [node('api', 'worker'), node('worker', 'api')], cycle: ['api', 'worker', 'api'] },
    { name: 'a self-dependency', nodes: [node('api', 'api')], cycle: ['api', 'api'] },
    { name: 'a cycle behind a tail', nodes: [node('web', 'api'), node('api', 'worker'), node('worker', 'queue'), node('queue', 'api')], cycle: ['api', 'worker', 'queue', 'api'] },
    { name: 'unknown dependencies are ignored', nodes: [node('api', 'nowhere')], cycle: null },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(findCycle(c.nodes), c.cycle));
  }

  it('walks a long chain without overflowing the stack', () => {
    const nodes = Array.from({ length: 50_000 }, (_, i) => node(`c${i}`, `c${i + 1}`));
    nodes.push(node('c50000', 'c0'));
    assert.equal(findCycle(nodes)?.length, 50_002);
  });

  it('finds no cycle in a DAG', () => {
    fc.assert(fc.property(shuffledDagArb, (nodes) => findCycle(nodes) === null));
  });

  it('finds a real cycle once a back edge is added', () => {
    const withBackEdge = dagArb
      .filter((nodes) => nodes.some((n) => n.dependsOn.length > 0))
      .chain((nodes) =>
        fc.constantFrom(...nodes.filter((n) => n.dependsOn.length > 0)).chain((from) =>
          fc.constantFrom(...from.dependsOn).map((to) => {
            // `from` depends on `to`; making `to` depend on `from` closes a loop.
            const target = nodes.find((n) => n.name === to) as DependencyNode;
            return nodes.map((n) => (n === target ? node(n.name, ...n.dependsOn, from.name) : n));
          }),
        ),
      );
    fc.assert(
      fc.property(withBackEdge, (nodes) => {
        const cycle = findCycle(nodes);
        assert.ok(cycle !== null);
        assert.ok(cycle.length >= 2);
        assert.equal(cycle[0], cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) assert.ok(edgeExists(nodes, cycle[i] as string, cycle[i + 1] as string), `${cycle[i]} → ${cycle[i + 1]}`);
        assert.equal(new Set(cycle.slice(0, -1)).size, cycle.length - 1, 'no node repeats inside the cycle');
      }),
    );
  });
});

describe('findCycle and deploymentLayers on any graph', () => {
  it('agree: layers exist exactly when there is no cycle, and a cycle is made of real edges', () => {
    const graphArb = fc.integer({ min: 1, max: 8 }).chain((n) => {
      const names = Array.from({ length: n }, (_, i) => `c${i}`);
      return fc.tuple(...names.map((name) => fc.subarray(names).map((dependsOn) => node(name, ...dependsOn))));
    });
    fc.assert(
      fc.property(graphArb, (nodes) => {
        const cycle = findCycle(nodes);
        if (cycle === null) {
          assert.equal(deploymentLayers(nodes).flat().length, nodes.length);
        } else {
          assert.throws(() => deploymentLayers(nodes), /dependency cycle/);
          for (let i = 0; i + 1 < cycle.length; i++) assert.ok(edgeExists(nodes, cycle[i] as string, cycle[i + 1] as string));
        }
      }),
    );
  });
});

describe('deploymentLayers', () => {
  it('groups independent components and sorts each layer', () => {
    const nodes = [node('web', 'api'), node('worker', 'api'), node('api', 'db-migrations'), node('db-migrations'), node('docs')];
    assert.deepEqual(deploymentLayers(nodes), [['db-migrations', 'docs'], ['api'], ['web', 'worker']]);
  });

  it('places a component after its deepest dependency', () => {
    assert.deepEqual(deploymentLayers([node('a', 'b', 'd'), node('b', 'c'), node('c'), node('d')]), [['c', 'd'], ['b'], ['a']]);
  });

  it('throws on a cycle, naming it', () => {
    assert.throws(() => deploymentLayers([node('api', 'worker'), node('worker', 'api')]), /dependency cycle: api → worker → api/);
  });

  it('puts every dependency in an earlier layer, every component exactly once', () => {
    fc.assert(
      fc.property(shuffledDagArb, (nodes) => {
        const layers = deploymentLayers(nodes);
        const layerOf = new Map(layers.flatMap((layer, i) => layer.map((name) => [name, i] as const)));
        assert.deepEqual([...layerOf.keys()].sort(), nodes.map((n) => n.name).sort());
        assert.equal(layers.flat().length, nodes.length);
        for (const n of nodes) for (const d of n.dependsOn) assert.ok((layerOf.get(d) ?? Infinity) < (layerOf.get(n.name) ?? -1), `${d} before ${n.name}`);
        for (const layer of layers) assert.deepEqual(layer, [...layer].sort());
        // Nothing could move to an earlier layer: each component after the first layer waits for one in the layer just before.
        for (const n of nodes) {
          const i = layerOf.get(n.name) ?? 0;
          if (i > 0) assert.ok(n.dependsOn.some((d) => layerOf.get(d) === i - 1));
        }
      }),
    );
  });

  it('does not depend on the order of the list', () => {
    fc.assert(
      fc.property(dagArb.chain((nodes) => fc.tuple(fc.constant(nodes), fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length }))), ([a, b]) => {
        assert.deepEqual(deploymentLayers(a), deploymentLayers(b));
      }),
    );
  });
});
