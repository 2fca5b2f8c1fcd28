import type { Instant, Referral } from '../referral/model.ts';
import { resumeDeadline } from './hold-clock.ts';

/** A resumed offer is never shorter than this: a link that dies within minutes helps nobody. */
export const MIN_RESUMED_OFFER_MS = 3_600_000;

/**
 * The deadline of the fresh offer sent when the referring worker answers a specialist's question: the
 * clock was paused while the referral waited on hold, so the offer gets the time it had left when the
 * question was asked (hold-clock.ts), at least MIN_RESUMED_OFFER_MS and at most `fullWindow`. Without a
 * question on hold (nothing paused) it is the full window.
 */
export function resumedOfferExpiry(r: Referral, now: Instant, fullWindow: Instant): Instant {
  const hold = r.hold;
  if (r.status !== 'on_hold' || hold?.reason !== 'more_info') return fullWindow;
  const asked = r.offers.find((o) => o.id === hold.offerId);
  if (!asked) return fullWindow;
  const resumed = Date.parse(resumeDeadline(asked.expiresAt, hold.since, now));
  const floor = Date.parse(now) + MIN_RESUMED_OFFER_MS;
  const ceiling = Date.parse(fullWindow);
  return new Date(Math.min(ceiling, Math.max(floor, resumed))).toISOString();
}
