/**
 * Times as people enter them: `<input type="datetime-local">` sends `YYYY-MM-DDTHH:mm` with no zone,
 * which only means something together with the time zone the page was shown in.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` has the form of a local date and time (`2026-11-27T10:30`). */
export const isLocalDateTime = (value: string): boolean => LOCAL.test(value);

/** The wall clock of `timeZone` at the instant `ms`: its year, month, day, hour, minute and second, as text. */
function wallClock(ms: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wall = Date.UTC(
    Number(w['year']),
    Number(w['month']) - 1,
    Number(w['day']),
    Number(w['hour']),
    Number(w['minute']),
    Number(w['second']),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local date and time names in a time zone, or undefined when it is not a real date
 * (`2026-02-31T10:00`). A time skipped by a daylight-saving change moves forward by the change, as
 * clocks do; an ambiguous one (the hour repeated in autumn) is the later of the two.
 */
export function localToInstant(local: string, timeZone: string): Date | undefined {
  const m = LOCAL.exec(local);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(asUtc);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo! - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi
  ) {
    return undefined;
  }
  const first = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(first, timeZone));
}

/**
 * The other way: an instant as `<input type="datetime-local">` shows it in a time zone, `YYYY-MM-DDTHH:mm`
 * (what a form shows for a time it will read back with localToInstant).
 */
export function toDateTimeLocal(at: Date, timeZone: string): string {
  const w = wallClock(at.getTime(), timeZone);
  return `${w['year']}-${w['month']}-${w['day']}T${w['hour']}:${w['minute']}`;
}
