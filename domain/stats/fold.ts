import { EMPTY_COUNTERS, type YearCounters } from './figures.ts';
import { COUNTER_FIELDS, type CounterMap, type Increment } from './increments.ts';

/*
 * The yearly counters, folded from what the projection keeps of each referral (issue 15): one small row
 * per referral and year, on which each stats event sets only its own fact (its increments, under its own
 * name), never adding to a shared counter. Setting a fact twice, or facts in any order, leaves the same
 * row, so counting needs no transaction and no de-duplication marker; the figures are summed here, when
 * read. Every reader (GET /v1/stats, the board, the CSV) reaches this one fold through the stats store.
 */

/** What the projection keeps of one referral in one year. */
export interface ReferralYear {
  /**
   * The keyed hash of the person (never the pseudonym), set by the opening of the referral in this year:
   * the distinct people of the year are the distinct hashes.
   */
  readonly person?: string;
  /** Each stats event of the year, by a name that is the event's own: the counters it moves. */
  readonly events: Readonly<Record<string, readonly Increment[]>>;
}

const MAPS: readonly CounterMap[] = ['bySpecialty', 'daysToAppointment', 'declineReasons'];

type Mutable = {
  -readonly [K in keyof YearCounters]: YearCounters[K] extends number ? number : Record<string, number>;
};

const emptyMutable = (): Mutable => ({
  ...EMPTY_COUNTERS,
  bySpecialty: {},
  daysToAppointment: {},
  declineReasons: {},
});

/** One organisation's counters of a year, from its referrals' rows of that year. */
export function foldYear(rows: Iterable<ReferralYear>): YearCounters {
  const c = emptyMutable();
  const people = new Set<string>();
  for (const row of rows) {
    if (row.person !== undefined) people.add(row.person);
    for (const increments of Object.values(row.events)) {
      for (const inc of increments) {
        if ('field' in inc) c[inc.field] += 1;
        else c[inc.map][inc.key] = (c[inc.map][inc.key] ?? 0) + 1;
      }
    }
  }
  c.distinctPeople += people.size;
  return c;
}

/**
 * Counters added together: an organisation's from before and after the change of issue 15, or the
 * network's from its organisations'. The network's distinct people are the sum of the organisations'
 * (each counts with its own key: one person is not recognised across organisations).
 */
export function addCounters(...all: readonly YearCounters[]): YearCounters {
  const c = emptyMutable();
  for (const one of all) {
    for (const field of COUNTER_FIELDS) c[field] += one[field];
    for (const map of MAPS) {
      for (const [key, n] of Object.entries(one[map])) c[map][key] = (c[map][key] ?? 0) + n;
    }
  }
  return c;
}
