/**
 * Looking up the ring being entered and the release's progress in rings, the
 * same way for every gate.
 */
import type { RingSpec } from '../products/product-spec.ts';
import type { RingProgress } from '../releases/release-types.ts';
import type { GateContext } from './gate-types.ts';

/** Index of the ring being entered among the product's rings (by name), -1 if it is not one of them. */
export function ringIndexOf(context: GateContext): number {
  return context.rings.findIndex((ring) => ring.name === context.ring.name);
}

/** The release's progress in a ring: matched by name, an empty entry if there is none. */
export function progressIn(context: GateContext, ring: RingSpec): RingProgress {
  return context.progress.find((p) => p.ring === ring.name) ?? { ring: ring.name, state: null, startedAt: null, finishedAt: null, failures: 0 };
}
