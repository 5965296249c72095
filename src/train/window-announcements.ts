/**
 * Which deployment windows (rings' `window` gates) opened or closed lately, so
 * `window.opened` / `window.closed` can be announced once each. Only changes
 * within the last `graceMs` count: a server started after a long stop does
 * not announce history. A window whose start falls in a freeze never opened,
 * so neither change is announced; a freeze beginning inside an open window is
 * not announced as a close (the window gate itself still stops releases).
 * Pure: time is passed in.
 */
import { freezeAt, windowSchedule } from '../gates/window-schedule.ts';
import type { RingSpec, WindowSpec } from '../products/product-spec.ts';
import type { WindowStep } from './train-types.ts';

export interface WindowChange {
  step: WindowStep;
  kind: 'opened' | 'closed';
  ring: string;
  window: WindowSpec;
  /** The occurrence: its start is the claim's key. */
  start: number;
  end: number;
  /** When the change happened: the start for `opened`, the end for `closed`. */
  at: number;
}

/** Occurrences looked at per ring and kind: a cron ticking every minute announces at most this many an hour. */
const MAX_PER_RING = 60;

export function windowChanges(rings: readonly RingSpec[], now: number, graceMs: number): WindowChange[] {
  const changes: WindowChange[] = [];
  for (const ring of rings) {
    for (const gate of ring.gates) {
      if (gate.kind !== 'window') continue;
      const schedule = windowSchedule(gate.window, gate.freezes);
      const starts = (from: number, to: number) => {
        const found: number[] = [];
        for (let t = schedule.tickAfter(from); t !== null && t <= to && found.length < MAX_PER_RING; t = schedule.tickAfter(t)) {
          if (freezeAt(schedule, t) === undefined) found.push(t);
        }
        return found;
      };
      const change = (kind: WindowChange['kind'], start: number): WindowChange => ({
        step: kind === 'opened' ? `window-open:${ring.name}` : `window-close:${ring.name}`,
        kind,
        ring: ring.name,
        window: gate.window,
        start,
        end: start + schedule.durationMs,
        at: kind === 'opened' ? start : start + schedule.durationMs,
      });
      for (const start of starts(now - graceMs, now)) changes.push(change('opened', start));
      for (const start of starts(now - graceMs - schedule.durationMs, now - schedule.durationMs)) changes.push(change('closed', start));
    }
  }
  return changes.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'closed' ? -1 : 1));
}
