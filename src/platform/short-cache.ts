/**
 * Values kept for a short while, for reads that thousands of requests repeat
 * within seconds (a product's id, a release's builds). A load that fails is
 * not kept. Entries older than `ttlMs` are dropped on the next read.
 */
export interface ShortCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
}

export function createShortCache<V>(ttlMs: number, now: () => number = Date.now): ShortCache<V> {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const t = now();
      for (const [k, entry] of entries) if (t - entry.at > ttlMs) entries.delete(k);
      const cached = entries.get(key);
      if (cached) return cached.value;
      const value = load();
      entries.set(key, { at: t, value });
      value.catch(() => entries.delete(key));
      return value;
    },
  };
}
