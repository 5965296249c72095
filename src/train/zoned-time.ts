/**
 * Instants as people of the train's zone read them: "Fri 4 Dec 2026",
 * "17:00". Pure; the zone is an IANA name already checked by the product file.
 */

type Part = 'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute';

const formats = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: number, timezone: string): Record<Part, string> {
  let format = formats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return parts as Record<Part, string>;
}

/** "Fri 4 Dec 2026" */
export function zonedDate(at: number, timezone: string): string {
  const p = partsOf(at, timezone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "17:00" */
export function zonedTime(at: number, timezone: string): string {
  const p = partsOf(at, timezone);
  return `${p.hour}:${p.minute}`;
}

/** "Fri 4 Dec 2026 at 17:00 Asia/Kolkata" */
export function zonedMoment(at: number, timezone: string): string {
  return `${zonedDate(at, timezone)} at ${zonedTime(at, timezone)} ${timezone}`;
}

/** The time alone when `at` falls on the same local day as `reference`, else the date too: "16:00" or "Thu 3 Dec 2026 16:00". */
export function zonedTimeNear(at: number, reference: number, timezone: string): string {
  const date = zonedDate(at, timezone);
  return date === zonedDate(reference, timezone) ? zonedTime(at, timezone) : `${date} ${zonedTime(at, timezone)}`;
}
