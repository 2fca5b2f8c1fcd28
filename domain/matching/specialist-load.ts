import type { Instant } from '../referral/model.ts';
import type { SpecialistLoad } from './match-candidates.ts';

/**
 * The specialist load projection: per specialist, when they were last sent an offer (on any referral)
 * and which appointments they accepted each calendar month. Written by an event consumer (offer.sent,
 * appointment.scheduled), read by matching ("quota left", "least recently loaded first"). It is a
 * projection: it lags the referrals by the time the events take to arrive, which matching tolerates.
 */
export interface SpecialistLoadStore {
  /** Moves `lastOfferedAt` forward to `at` (never back: events may arrive out of order). */
  recordOffer(specialistId: string, at: Instant): Promise<void>;
  /** Counts an accepted appointment in the month of `at`; the same offer counted twice counts once. */
  recordAppointment(specialistId: string, offerId: string, at: Instant): Promise<void>;
  /** The load of each specialist named, for the month of `now`; absent ids have no load yet. */
  loadOf(ids: readonly string[], now: Date): Promise<ReadonlyMap<string, SpecialistLoad>>;
}

/**
 * The calendar month an instant falls in, `YYYY-MM`. Quotas are counted in UTC months: the network
 * spans a few neighbouring time zones, and an appointment accepted at midnight counting in one month or
 * the next does not change what a quota means.
 */
export function monthOf(at: Instant | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return d.toISOString().slice(0, 7);
}
