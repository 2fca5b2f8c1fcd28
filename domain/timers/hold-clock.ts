import { DomainError } from '../errors.ts';
import type { Instant } from '../referral/model.ts';

/*
 * A referral on hold has its clock paused: when it goes on hold, the time left before its deadline is
 * kept; when it resumes, the deadline is set that far from the moment it resumes. So a specialist who
 * asked a question on the 40th hour of a 48-hour offer gets 8 hours after the answer, not 48, and not 0.
 */

/**
 * The time left before `deadline` at `now`, in milliseconds: zero when it has already passed (an
 * overdue deadline resumes as due at once, never as a credit).
 */
export function pauseRemaining(deadline: Instant | { readonly at: Instant }, now: Instant): number {
  const at = typeof deadline === 'string' ? deadline : deadline.at;
  return Math.max(0, instant(at, 'deadline') - instant(now, 'now'));
}

/** The deadline of a referral that resumes at `now` with `remainingMs` left on its clock. */
export function resumeAt(remainingMs: number, now: Instant): Instant {
  if (!Number.isFinite(remainingMs) || remainingMs < 0) {
    throw new DomainError('invalid_input', 'The time left must be zero or more milliseconds.', 'remainingMs');
  }
  return new Date(instant(now, 'now') + Math.round(remainingMs)).toISOString();
}

/**
 * Both at once: the new deadline of something due `at`, paused at `pausedAt` (a hold's `since`) and
 * resumed at `now`. E.g. the fresh offer after an answer: `resumeDeadline(oldOffer.expiresAt, hold.since, now)`.
 */
export function resumeDeadline(at: Instant, pausedAt: Instant, now: Instant): Instant {
  return resumeAt(pauseRemaining(at, pausedAt), now);
}

function instant(value: Instant, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new DomainError('invalid_input', 'Not a valid instant.', field);
  return t;
}
