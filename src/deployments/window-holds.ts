import type { WindowSpec } from '../products/product-spec.ts';
import { maintenanceHold } from './maintenance-window.ts';

/**
 * maintenanceHold at one instant for many targets: targets tend to share a
 * few windows, so each distinct window is computed once per call.
 */
export function holdsAt(now: number): (window: WindowSpec | null) => number | 'never' | null {
  const seen = new Map<string, number | 'never' | null>();
  return (window) => {
    if (window === null) return null;
    const key = `${window.cron}\u0000${window.timezone}\u0000${window.durationSeconds}`;
    let hold = seen.get(key);
    if (hold === undefined) {
      hold = maintenanceHold(window, now);
      seen.set(key, hold);
    }
    return hold;
  };
}

/** The window of a target from its stored spec (the targets table's JSON). */
export function windowOfSpec(spec: string | null | undefined): WindowSpec | null {
  if (spec === null || spec === undefined) return null;
  return (JSON.parse(spec) as { maintenanceWindow?: WindowSpec | null }).maintenanceWindow ?? null;
}
