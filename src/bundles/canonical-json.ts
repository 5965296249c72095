/**
 * JSON with every object's keys sorted, recursively, and no spaces: the same
 * value gives the same text whatever order its keys were built in, so a
 * signature over it survives a parse and re-serialise on the other side.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // As JSON.stringify does: an undefined property is left out.
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}
