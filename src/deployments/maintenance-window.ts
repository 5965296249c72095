/**
 * A target's maintenance window holds its deployments: one may start only
 * while the window is open (a started one runs to its end). Pure.
 */
import { nextOpening, occursAt, windowSchedule } from '../gates/window-schedule.ts';
import type { WindowSpec } from '../products/product-spec.ts';

/** How far ahead an opening is looked for: a window that never opens within it holds for good. */
const HORIZON_MS = 400 * 24 * 3600 * 1000;

/**
 * null when a deployment may start now (no window, or it is open); otherwise
 * when the window next opens, or 'never' if it does not within about a year.
 */
export function maintenanceHold(window: WindowSpec | null, now: number): number | 'never' | null {
  if (window === null) return null;
  const schedule = windowSchedule(window);
  if (occursAt(schedule, now)) return null;
  return nextOpening(schedule, now, now + HORIZON_MS) ?? 'never';
}

/** The hold as an API field: an ISO instant, or null when the deployment may start. */
export function holdUntilText(hold: number | 'never' | null): string | null {
  if (hold === null) return null;
  return hold === 'never' ? 'never' : new Date(hold).toISOString();
}
