import type { YearCounters } from './figures.ts';
import type { Increment } from './increments.ts';
import type { YearGrid } from './suppression.ts';

export type StatsScope = { readonly org: string } | { readonly network: true };

export interface StatsStore {
  /**
   * Applies one event's increments to its organisation's and the network's counters, once per event id.
   * With `person`, counts them among the year's distinct people when they were not counted yet; the
   * store never keeps the pseudonym in clear.
   */
  apply(change: {
    readonly eventId: string;
    readonly org: string;
    readonly year: number;
    readonly increments: readonly Increment[];
    readonly person?: string;
  }): Promise<'applied' | 'duplicate'>;
  get(scope: StatsScope, year: number): Promise<YearCounters>;
  /** The year's counters of the network and of every organisation it counts: suppressed together. */
  year(year: number): Promise<YearGrid>;
}
