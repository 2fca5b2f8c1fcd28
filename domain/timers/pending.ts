import type { Instant, Referral } from '../referral/model.ts';
import { type Deadline, nextDeadline } from './deadline.ts';
import { pauseRemaining, resumeAt } from './hold-clock.ts';
import type { TimerSettings } from './settings.ts';

/*
 * The one pending deadline of a stored referral, as the sweep and the due index see it. Everything is
 * derived from the referral itself, so the store can compute the due key on every write:
 * - what already fired is read from the timeline (timer events carry the deadline's key in `detail`);
 * - a referral that was on hold for a person absent at the meeting point resumes with the time it had
 *   left: its appointment deadlines move by the time it spent on hold (hold-clock.ts).
 */

/** Timeline actions written when a deadline fires; their `detail.deadline` is the deadline's key. */
export const TIMER_ACTIONS: readonly string[] = ['reminder.due', 'escalation.raised'];

/** The keys (`deadlineKey`) of the deadlines that already fired on this referral. */
export function firedDeadlines(r: Pick<Referral, 'timeline'>): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const e of r.timeline) {
    const key = e.detail?.deadline;
    if (typeof key === 'string' && TIMER_ACTIONS.includes(e.action)) keys.add(key);
  }
  return keys;
}

/** A deadline and the instant it is due, after the time the referral spent on hold. */
export interface PendingDeadline {
  readonly deadline: Deadline;
  /** When the sweep fires it: `deadline.at`, moved by the holds that paused its clock. */
  readonly dueAt: Instant;
}

/**
 * The referral's one pending deadline, or undefined when nothing is pending. Reminders already due when
 * the referral was last written are left out (nextDeadline's `now` is `updatedAt`), so the store's due
 * key and the sweep agree on what is pending.
 */
export function pendingDeadline(r: Referral, settings: TimerSettings): PendingDeadline | undefined {
  const deadline = nextDeadline(r, settings, r.updatedAt, firedDeadlines(r));
  if (!deadline) return undefined;
  return { deadline, dueAt: afterHolds(deadline, absentHolds(r)) };
}

/** The due instant for the sparse due index (the store's `dueOf`). */
export const dueAtOf =
  (settings: TimerSettings) =>
  (r: Referral): Instant | undefined =>
    pendingDeadline(r, settings)?.dueAt;

interface Interval {
  readonly from: Instant;
  readonly to: Instant;
}

/** Appointment-bound deadlines only: an offer's clock is resumed by the fresh offer's own expiry. */
const PAUSABLE = new Set([
  'no_accompanier',
  'arrival_unconfirmed',
  'outcome_missing',
  'reminder_accompanier',
]);

function afterHolds(d: Deadline, holds: readonly Interval[]): Instant {
  if (!PAUSABLE.has(d.kind)) return d.at;
  let at = d.at;
  // Each hold keeps the time left when it began (none, if already due) and gives it back on resuming.
  for (const h of holds) at = shift(at, h);
  return at;
}

/** Paused at `from` with the time left before `at`, resumed at `to`. */
function shift(at: Instant, h: Interval): Instant {
  return resumeAt(pauseRemaining(at, h.from), h.to);
}

/**
 * The completed holds for a person absent at the meeting point, since the appointment was last set:
 * `person.absent` … `person.seen_again`. (A new appointment time sets fresh deadlines: older holds no
 * longer count.)
 */
function absentHolds(r: Pick<Referral, 'timeline'>): Interval[] {
  const holds: Interval[] = [];
  let from: Instant | undefined;
  for (const e of r.timeline) {
    if (e.action === 'appointment.scheduled' || e.action === 'appointment.rescheduled') {
      holds.length = 0;
      from = undefined;
    } else if (e.action === 'person.absent') {
      from = e.at;
    } else if (e.action === 'person.seen_again' && from !== undefined) {
      holds.push({ from, to: e.at });
      from = undefined;
    }
  }
  return holds;
}
