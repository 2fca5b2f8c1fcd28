import type { Referral } from '../referral/model.ts';
import type { BoardEscalation, ReferralSummary } from '../timers/ports.ts';

/**
 * What the board shows of an escalation's referral (PRODUCT.md "What people see on a page": a referral
 * named by its specialty and its date, never by its id): its need, when it was opened, its appointment,
 * and the version it was read at, which the board's actions on the referral send as their If-Match. So
 * the board reads no referral per row. Codes and instants only: an escalation item is not sealed, so
 * never the pseudonym or free text.
 */
export function summaryOf(r: Referral): ReferralSummary {
  return {
    specialty: r.need.specialty,
    openedAt: r.createdAt,
    ...(r.appointment ? { appointmentAt: r.appointment.at } : {}),
    version: r.version,
  };
}

/** The escalation showing its referral as `r` is now: its summary and its urgency. */
export const showing = <E extends BoardEscalation>(e: E, r: Referral): E => ({
  ...e,
  urgency: r.urgency,
  referral: summaryOf(r),
});

/** Whether the escalation shows an older state of its referral than `r` (or none: raised before). */
export const showsOlderThan = (e: Pick<BoardEscalation, 'referral'>, r: Pick<Referral, 'version'>): boolean =>
  (e.referral?.version ?? 0) < r.version;
