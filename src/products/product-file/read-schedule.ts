/**
 * Time windows (cron start + time zone + duration) and freezes, shared by the
 * window gate and targets' maintenance windows.
 */
import { Cron } from 'croner';
import { compareText } from '../compare-text.ts';
import type { FreezeSpec, WindowSpec } from '../product-spec.ts';
import type { Located, MapFields, Reader } from './yaml-reader.ts';

const WINDOW_KEYS = ['cron', 'timezone', 'duration'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function readWindow(r: Reader, at: Located): WindowSpec | undefined {
  const m = r.map(at, WINDOW_KEYS);
  return m && windowFrom(r, m);
}

/** The window gate: a window plus optional freezes. */
export function readWindowGate(r: Reader, at: Located): { window: WindowSpec; freezes: FreezeSpec[] } | undefined {
  const m = r.map(at, [...WINDOW_KEYS, 'freezes']);
  if (m === undefined) return undefined;
  const window = windowFrom(r, m);
  const freezesAt = m.get('freezes');
  const freezes = freezesAt === undefined ? [] : readFreezes(r, freezesAt);
  return window === undefined || freezes === undefined ? undefined : { window, freezes };
}

function windowFrom(r: Reader, m: MapFields<(typeof WINDOW_KEYS)[number]>): WindowSpec | undefined {
  const cronAt = m.require('cron');
  const zoneAt = m.require('timezone');
  const durationAt = m.require('duration');
  const timezone = zoneAt && r.string(zoneAt, checkTimeZone);
  const cron = cronAt && r.string(cronAt, (pattern) => checkCron(pattern, timezone ?? 'UTC'));
  const durationSeconds = durationAt && r.duration(durationAt, 1);
  if (cron === undefined || timezone === undefined || durationSeconds === undefined) return undefined;
  return { cron, timezone, durationSeconds };
}

export function readFreezes(r: Reader, at: Located): FreezeSpec[] | undefined {
  const items = r.seq(at);
  if (items === undefined) return undefined;
  const freezes: FreezeSpec[] = [];
  for (const item of items) {
    const m = r.map(item, ['from', 'to', 'reason']);
    if (m === undefined) continue;
    const fromAt = m.require('from');
    const toAt = m.require('to');
    const reasonAt = m.get('reason');
    const from = fromAt && r.string(fromAt, checkInstant);
    const to = toAt && r.string(toAt, checkInstant);
    const reason = reasonAt === undefined ? '' : r.string(reasonAt);
    if (from === undefined || to === undefined || reason === undefined || toAt === undefined) continue;
    const freeze = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), reason };
    if (freeze.from >= freeze.to) r.report(toAt.node, toAt.path, "must be later than 'from'");
    else freezes.push(freeze);
  }
  // Order carries no meaning: sort so equivalent files give equal specs.
  return freezes.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.reason, b.reason));
}

export function checkTimeZone(name: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return null;
  } catch {
    return `'${name}' is not a known time zone: use an IANA name like Europe/Paris, Asia/Kolkata or UTC`;
  }
}

/** Five-field cron (minute precision) that matches at least once. */
export function checkCron(pattern: string, timezone: string): string | null {
  const hint = 'use five fields: minute hour day-of-month month day-of-week, like "0 17 * * 1-5"';
  // Croner also takes ISO dates as one-shot patterns; a window must recur.
  if (!pattern.startsWith('@') && pattern.trim().split(/\s+/).length !== 5) return `invalid cron "${pattern}": ${hint}`;
  let job: Cron | undefined;
  try {
    // Paused: the pattern is checked and its next match computed, nothing is scheduled.
    job = new Cron(pattern, { paused: true, timezone, mode: '5-part' });
    if (job.nextRun() === null) return `cron "${pattern}" never matches`;
    return null;
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^CronPattern: /, '') : String(e);
    return `invalid cron "${pattern}": ${reason}; ${hint}`;
  } finally {
    job?.stop();
  }
}

function checkInstant(text: string): string | null {
  if (INSTANT.test(text) && !Number.isNaN(new Date(text).getTime())) return null;
  return `'${text}' is not an instant: use ISO-8601 with a time zone, like 2026-12-24T00:00:00Z`;
}
