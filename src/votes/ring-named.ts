import { NotFoundError } from '../platform/errors/errors.ts';
import { didYouMean } from '../products/product-file/suggest.ts';
import type { GateSpec, RingSpec } from '../products/product-spec.ts';

/**
 * The ring named in a request's path, with its position; an unknown name is
 * not found, with a hint and the rings there are.
 */
export function ringNamed(product: { name: string; rings: readonly RingSpec[] }, name: string): { ring: RingSpec; index: number } {
  const index = product.rings.findIndex((r) => r.name === name);
  if (index < 0) {
    const names = product.rings.map((r) => r.name);
    throw new NotFoundError(`${product.name} has no ring '${name}'${didYouMean(name, names)}; rings are ${names.join(', ') || 'none'}`);
  }
  return { ring: product.rings[index]!, index };
}

/** The ring's gate of a kind (rings have at most one vote and one checklist gate). */
export function gateOf<K extends GateSpec['kind']>(ring: RingSpec, kind: K): Extract<GateSpec, { kind: K }> | undefined {
  return ring.gates.find((g): g is Extract<GateSpec, { kind: K }> => g.kind === kind);
}
