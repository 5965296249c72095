/**
 * Window gate: the release enters only while the ring's window is open and no
 * freeze applies. Opens by itself, so a waiting verdict says when.
 */
import { firstLine } from './gate-format.ts';
import type { GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';
import { freezeAt, nextOpening, openUntil, type WindowSchedule, windowSchedule } from './window-schedule.ts';

/** How far ahead an opening is looked for before the window counts as never opening. */
const HORIZON_MS = 366 * 86_400_000;

export const evaluateWindowGate: GateEvaluator<'window'> = (gate, context): GateVerdict => {
  const { cron, timezone } = gate.window;
  const where = `(${cron} ${timezone})`;
  let schedule: WindowSchedule;
  try {
    schedule = windowSchedule(gate.window, gate.freezes);
  } catch (e) {
    return verdict(gate, 'fail', `the window cannot be read ${where}: ${firstLine(e)}`);
  }

  const now = context.now.getTime();
  const open = openUntil(schedule, now);
  if (open !== null) {
    return verdict(gate, 'pass', `open until ${open.exact ? '' : 'at least '}${new Date(open.end).toISOString()} ${where}`);
  }

  const opensAt = nextOpening(schedule, now, now + HORIZON_MS);
  if (opensAt === null) return verdict(gate, 'fail', `the window does not open in the next year ${where}`);
  const freeze = freezeAt(schedule, now);
  if (freeze !== undefined) {
    const why = freeze.reason === '' ? '' : `: ${freeze.reason}`;
    return verdict(gate, 'waiting', `frozen until ${new Date(freeze.to).toISOString()}${why}`, new Date(opensAt));
  }
  return verdict(gate, 'waiting', `closed until ${new Date(opensAt).toISOString()} ${where}`, new Date(opensAt));
};
