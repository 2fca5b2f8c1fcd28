import type { YearCounters } from './figures.ts';
import type { Increment } from './increments.ts';
import type { YearGrid } from './suppression.ts';

export type StatsScope = { readonly org: string } | { readonly network: true };

/** The year's figures, read (the staff apps). */
export interface StatsReader {
  get(scope: StatsScope, year: number): Promise<YearCounters>;
  /** The year's counters of the network and of every organisation it counts: suppressed together. */
  year(year: number): Promise<YearGrid>;
}

/** The figures kept (the projection) and read. */
export interface StatsStore extends StatsReader {
  /**
   * Keeps one event's increments on its referral's row of the year, under the event's own name (fold.ts):
   * the same event recorded again, or events recorded in any order, leave the same row. With `person`,
   * the referral's opening counts them among the year's distinct people; the store never keeps the
   * pseudonym in clear, nor the referral's or event's id.
   */
  record(fact: {
    readonly org: string;
    readonly year: number;
    readonly referralId: string;
    readonly eventId: string;
    readonly increments: readonly Increment[];
    readonly person?: string;
  }): Promise<void>;
}
