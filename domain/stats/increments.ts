import type { EventType, RelaisEvent } from '../../events/catalog.ts';
import type { Referral } from '../referral/model.ts';
import { daysBetween } from './figures.ts';

/*
 * How each referral event moves the yearly counters (figures.ts). The year is the UTC year of the event:
 * a referral opened in December and seen in January counts in each year for what happened in it.
 */

/** The year's plain counters, in the order the figures show them: one list for every reader. */
export const COUNTER_FIELDS = [
  'referrals',
  'distinctPeople',
  'accompaniments',
  'appointments',
  'outcomes',
  'noShows',
  'absences',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];
export type CounterMap = 'bySpecialty' | 'daysToAppointment' | 'declineReasons';
export type Increment = { readonly field: CounterField } | { readonly map: CounterMap; readonly key: string };

export interface StatsChange {
  readonly year: number;
  readonly increments: readonly Increment[];
  /** The person's pseudonym, when the event may be their first referral of the year (distinct people). */
  readonly person?: string;
}

/** The events the stats projection reads. */
export const STATS_EVENTS = [
  'referral.opened',
  'appointment.scheduled',
  'accompaniment.arrived',
  'outcome.recorded',
  'person.absent',
  'offer.declined',
] as const satisfies readonly EventType[];

/**
 * Whether the projection needs the referral itself for this event: the pseudonym of an opening, and the
 * opening date of a scheduling that does not carry it (events written before the envelope's `openedAt`).
 */
export const needsReferral = (event: Pick<RelaisEvent, 'type' | 'openedAt'>): boolean =>
  event.type === 'referral.opened' ||
  (event.type === 'appointment.scheduled' && event.openedAt === undefined);

/** The counters an event moves; undefined for events that move none. */
export function statsChangeOf(
  event: RelaisEvent,
  referral?: Pick<Referral, 'pseudonym' | 'createdAt'>,
): StatsChange | undefined {
  const year = new Date(event.at).getUTCFullYear();
  switch (event.type) {
    case 'referral.opened':
      return {
        year,
        increments: [{ field: 'referrals' }, { map: 'bySpecialty', key: event.data.specialty }],
        ...(referral ? { person: referral.pseudonym } : {}),
      };
    case 'appointment.scheduled': {
      const openedAt = event.openedAt ?? referral?.createdAt;
      return {
        year,
        increments: [
          { field: 'appointments' },
          ...(openedAt !== undefined
            ? [{ map: 'daysToAppointment', key: String(daysBetween(openedAt, event.data.at)) } as const]
            : []),
        ],
      };
    }
    case 'accompaniment.arrived':
      return { year, increments: [{ field: 'accompaniments' }] };
    case 'outcome.recorded':
      return {
        year,
        increments: [{ field: 'outcomes' }, ...(event.data.attended ? [] : [{ field: 'noShows' } as const])],
      };
    case 'person.absent':
      return { year, increments: [{ field: 'absences' }] };
    case 'offer.declined':
      return { year, increments: [{ map: 'declineReasons', key: event.data.reason }] };
    default:
      return undefined;
  }
}
