import { refuse } from '../errors.ts';
import type { Instant } from '../referral/model.ts';

/**
 * A period a specialist is away (holidays, a conference): not offered anything from `from` (included)
 * until `until` (excluded). Set ahead of time by a coordinator, unlike `pausedUntil`, which starts now.
 */
export interface Absence {
  readonly from: Instant;
  readonly until: Instant;
}

const ms = (t: Instant): number => Date.parse(t);
const iso = (t: number): Instant => new Date(t).toISOString();

/**
 * The absences as they are kept: each checked (`until` after `from`, refused as `<field>.N.until`),
 * those already over at `now` dropped (they can no longer change anything), and the rest merged where
 * they overlap or touch (1–15 August and 15–31 August are one absence), sorted by start, in UTC.
 */
export function normaliseAbsences(periods: readonly Absence[], now: Instant, field = 'absences'): Absence[] {
  const nowMs = ms(now);
  const spans: [number, number][] = [];
  periods.forEach((p, i) => {
    const from = ms(p.from);
    const until = ms(p.until);
    if (Number.isNaN(from)) refuse('invalid_input', 'Not a valid instant.', `${field}.${i}.from`);
    if (Number.isNaN(until) || until <= from) {
      refuse('invalid_input', 'An absence must end after it starts.', `${field}.${i}.until`);
    }
    if (until > nowMs) spans.push([from, until]);
  });
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [from, until] of spans) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], until);
    else merged.push([from, until]);
  }
  return merged.map(([from, until]) => ({ from: iso(from), until: iso(until) }));
}

/**
 * Whether `now` falls in one of the absences. An unreadable date counts as away: someone said they
 * would not be there, and a bad value must not override that (as for `pausedUntil`).
 */
export function isAbsentAt(absences: readonly Absence[] | undefined, now: Instant): boolean {
  if (!absences || absences.length === 0) return false;
  const t = ms(now);
  return absences.some((a) => {
    const from = ms(a.from);
    const until = ms(a.until);
    if (Number.isNaN(from) || Number.isNaN(until) || Number.isNaN(t)) return true;
    return from <= t && t < until;
  });
}
