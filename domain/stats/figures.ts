/*
 * The yearly activity figures the organisations report (PRODUCT.md: accompaniments, distinct people,
 * referrals by specialty, time to appointment, no-shows apart from absences, decline reasons). They are
 * counters kept up to date by a consumer of the referral events (functions/consumers/stats-projection.ts),
 * never computed by reading referrals. The population is small and identifiable: any count from 1 to 4
 * is suppressed in what leaves Relais, and so is anything derived from one.
 */

/** Counts under this are suppressed (shown as null). Zero is shown: it identifies nobody. */
export const SUPPRESS_BELOW = 5;

/** The longest time to appointment the histogram tells apart; later ones count in its last bucket. */
export const MAX_HISTOGRAM_DAYS = 365;

/** What the projection keeps for one scope (an organisation, or the network) and one year. */
export interface YearCounters {
  readonly referrals: number;
  readonly bySpecialty: Readonly<Record<string, number>>;
  readonly distinctPeople: number;
  /** Accompanied trips that reached the specialist (arrival confirmed). */
  readonly accompaniments: number;
  readonly appointments: number;
  /** Appointments by whole days from the referral's opening to the appointment: `{ "12": 3 }`. */
  readonly daysToAppointment: Readonly<Record<string, number>>;
  readonly outcomes: number;
  /** The person did not come to the specialist. */
  readonly noShows: number;
  /** The person was not at the meeting point: counted apart from no-shows. */
  readonly absences: number;
  readonly declineReasons: Readonly<Record<string, number>>;
}

export const EMPTY_COUNTERS: YearCounters = Object.freeze({
  referrals: 0,
  bySpecialty: {},
  distinctPeople: 0,
  accompaniments: 0,
  appointments: 0,
  daysToAppointment: {},
  outcomes: 0,
  noShows: 0,
  absences: 0,
  declineReasons: {},
});

/** A count as exported: itself, or null when from 1 to 4. */
export type Suppressed = number | null;

export interface YearFigures {
  readonly year: number;
  /** An organisation's id, or `network`. */
  readonly scope: string;
  readonly suppressedBelow: number;
  readonly referrals: Suppressed;
  readonly referralsBySpecialty: Readonly<Record<string, Suppressed>>;
  readonly distinctPeople: Suppressed;
  readonly accompaniments: Suppressed;
  readonly appointments: Suppressed;
  /** Median whole days from referral to appointment; null when fewer than 5 appointments. */
  readonly medianDaysToAppointment: number | null;
  readonly outcomes: Suppressed;
  readonly noShows: Suppressed;
  /** No-shows over recorded outcomes, 0..1 with two decimals; null when either count is suppressed. */
  readonly noShowRate: number | null;
  readonly absences: Suppressed;
  readonly declineReasons: Readonly<Record<string, Suppressed>>;
}

export const suppress = (n: number): Suppressed => (n > 0 && n < SUPPRESS_BELOW ? null : n);
const suppressed = suppress;

/** The median of a day histogram (the lower middle for an even count), undefined when empty. */
export function histogramMedian(histogram: Readonly<Record<string, number>>): number | undefined {
  const buckets = Object.entries(histogram)
    .map(([day, count]) => [Number(day), count] as const)
    .filter(([day, count]) => Number.isFinite(day) && count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const middle = Math.ceil(total / 2);
  let seen = 0;
  for (const [day, count] of buckets) {
    seen += count;
    if (seen >= middle) return day;
  }
  return undefined;
}

/** Whole days between two instants, within the histogram's range. */
export function daysBetween(from: string, to: string): number {
  const days = Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return Math.min(MAX_HISTOGRAM_DAYS, Math.max(0, Number.isFinite(days) ? days : 0));
}

/**
 * The figures as they may be shown or exported: counts under 5 suppressed, and what derives from them;
 * `hidden` names the further counts the year's secondary suppression hides (suppression.ts).
 */
export function figuresOf(
  scope: string,
  year: number,
  c: YearCounters,
  hidden: ReadonlySet<string> = new Set(),
): YearFigures {
  const sizes = Object.values(c.daysToAppointment).reduce((sum, n) => sum + n, 0);
  const median = sizes >= SUPPRESS_BELOW ? (histogramMedian(c.daysToAppointment) ?? null) : null;
  const suppress = (name: string, n: number): Suppressed => (hidden.has(name) ? null : suppressed(n));
  const mapCounts = (map: string, counts: Readonly<Record<string, number>>) => {
    const out: Record<string, Suppressed> = {};
    for (const key of Object.keys(counts).sort()) {
      const n = counts[key] ?? 0;
      if (n > 0) out[key] = suppress(`${map}.${key}`, n);
    }
    return out;
  };
  const noShows = suppress('noShows', c.noShows);
  const outcomes = suppress('outcomes', c.outcomes);
  const rate =
    noShows === null || outcomes === null || c.outcomes === 0
      ? null
      : Math.round((c.noShows / c.outcomes) * 100) / 100;
  return {
    year,
    scope,
    suppressedBelow: SUPPRESS_BELOW,
    referrals: suppress('referrals', c.referrals),
    referralsBySpecialty: mapCounts('bySpecialty', c.bySpecialty),
    distinctPeople: suppress('distinctPeople', c.distinctPeople),
    accompaniments: suppress('accompaniments', c.accompaniments),
    appointments: suppress('appointments', c.appointments),
    medianDaysToAppointment: median,
    outcomes,
    noShows,
    noShowRate: rate,
    absences: suppress('absences', c.absences),
    declineReasons: mapCounts('declineReasons', c.declineReasons),
  };
}
