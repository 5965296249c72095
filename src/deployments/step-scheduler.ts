/**
 * Runs a deployment's components in dependency order: each starts as soon as
 * everything it depends on has succeeded, independent ones in parallel. The
 * first failure stops new starts; what is running finishes, the rest is skipped.
 *
 * Dependencies on unknown names are ignored and a name listed twice counts
 * once, first wins (as in dependency-order.ts).
 */
import { compareText } from '../products/compare-text.ts';
import { type DependencyNode, findCycle } from '../products/dependency-order.ts';

export type StepOutcome = 'succeeded' | 'failed' | 'skipped';

export interface SchedulerResult {
  outcome: Record<string, StepOutcome>;
  /** Components that failed, in the order they failed. */
  failed: string[];
}

/**
 * `run` resolves true when the component succeeded. A `run` that throws or
 * rejects counts as a failure: it should report its own errors (log, step
 * record) before settling, since the scheduler keeps only the outcome.
 * Throws on a dependency cycle, before running anything: callers pass
 * validated product files, so a cycle is a bug.
 */
export async function runInDependencyOrder(
  nodes: readonly DependencyNode[],
  run: (name: string) => Promise<boolean>,
  options: { concurrency?: number } = {},
): Promise<SchedulerResult> {
  const limit = options.concurrency ?? Infinity;
  if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`concurrency must be a positive whole number, got ${limit}`);
  const cycle = findCycle(nodes);
  if (cycle !== null) throw new Error(`dependency cycle: ${cycle.join(' → ')}`);

  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const names = new Set(nodes.map((node) => node.name));
  for (const node of nodes) {
    if (waiting.has(node.name)) continue;
    const dependsOn = [...new Set(node.dependsOn)].filter((name) => names.has(name));
    waiting.set(node.name, dependsOn.length);
    for (const dependency of dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), node.name]);
  }

  const ready = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
  const outcome = new Map<string, StepOutcome>();
  const failed: string[] = [];
  let running = 0;
  let stopped = false;

  return new Promise((resolve) => {
    const pump = (): void => {
      ready.sort(compareText);
      while (!stopped && running < limit && ready.length > 0) start(ready.shift() as string);
      if (running > 0) return;
      // Object.fromEntries defines own properties, so a name like __proto__ stays a key.
      resolve({ outcome: Object.fromEntries([...waiting.keys()].map((name) => [name, outcome.get(name) ?? 'skipped'])), failed });
    };

    const start = (name: string): void => {
      running++;
      void attempt(run, name).then((succeeded) => {
        running--;
        if (succeeded) {
          outcome.set(name, 'succeeded');
          for (const dependent of dependents.get(name) ?? []) {
            const left = (waiting.get(dependent) ?? 0) - 1;
            waiting.set(dependent, left);
            if (left === 0) ready.push(dependent);
          }
        } else {
          outcome.set(name, 'failed');
          failed.push(name);
          stopped = true;
        }
        pump();
      });
    };

    pump();
  });
}

async function attempt(run: (name: string) => Promise<boolean>, name: string): Promise<boolean> {
  try {
    return (await run(name)) === true;
  } catch {
    return false;
  }
}
