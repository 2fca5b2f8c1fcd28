import type { Instant } from '../referral/model.ts';
import { type Specialist, specialistVersion } from './model.ts';

/** Why mail to a specialist failed, as the mail service reports it. */
export type DeliveryFailure =
  /** The address does not exist or is suppressed: nothing will reach it until someone fixes it. */
  | 'permanent_bounce'
  /** Full mailbox, out of office server, greylisting…: the mail service already retried and gave up. */
  | 'transient_bounce'
  /** The specialist marked our mail as spam. */
  | 'complaint';

/** A pause until a coordinator lifts it (after fixing the address, or talking to the specialist). */
export const UNTIL_LIFTED: Instant = '9999-12-31T00:00:00.000Z';
/** A pause long enough for a full mailbox or a passing fault to clear. */
export const TRANSIENT_PAUSE_MS = 3 * 24 * 3600_000;

/**
 * The specialist paused in matching after their mail failed: offers sent to an address that bounces, or
 * to someone who reports them as spam, reach nobody and delay the person waiting. A permanent bounce or
 * a complaint pauses until a coordinator lifts it; a transient bounce for a few days. An existing longer
 * pause is kept. Returns undefined when nothing changes (a repeat of the same event).
 */
export function pauseForDeliveryFailure(
  s: Specialist,
  failure: DeliveryFailure,
  now: Date,
): Specialist | undefined {
  const until =
    failure === 'transient_bounce'
      ? new Date(now.getTime() + TRANSIENT_PAUSE_MS).toISOString()
      : UNTIL_LIFTED;
  const current = s.pausedUntil === undefined ? Number.NEGATIVE_INFINITY : Date.parse(s.pausedUntil);
  // An unreadable pause counts as paused for good (matching treats it so): keep it.
  if (Number.isNaN(current) || current >= Date.parse(until)) return undefined;
  // A new version: a coordinator's change based on the entry before the pause is then refused (If-Match).
  return { ...s, pausedUntil: until, version: specialistVersion(s) + 1, updatedAt: now.toISOString() };
}
