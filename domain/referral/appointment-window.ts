import { refuse } from '../errors.ts';
import { isAfter } from './guards.ts';
import type { Instant, Referral } from './model.ts';

/*
 * When an appointment may be set, and when what happens at it may be recorded, against the service
 * clock. Pure rules shared by the transitions that set a time (accept, reschedule) and those that
 * report on it (arrival, outcome), so each limit is written once.
 */

/** An appointment is set at most this many calendar months ahead: a later one is a typo (`9999`). */
export const MAX_MONTHS_AHEAD = 18;
/**
 * The journey with the person (departure from the meeting point, arrival) can be confirmed from this long
 * before the appointment (an early meeting).
 */
const JOURNEY_OPENS_BEFORE_MS = 12 * 3600 * 1000;

const ms = (t: Instant): number => Date.parse(t);

/** `now` plus {@link MAX_MONTHS_AHEAD} calendar months, in UTC. */
function latestAppointment(now: Instant): number {
  const d = new Date(ms(now));
  d.setUTCMonth(d.getUTCMonth() + MAX_MONTHS_AHEAD);
  return d.getTime();
}

/**
 * Refuses an appointment time that is not strictly after now or more than {@link MAX_MONTHS_AHEAD}
 * months ahead (a 400 naming `field`).
 */
export function requireBookableAppointment(at: Instant, now: Instant, field = 'appointmentAt'): void {
  requireAhead(at, now, field, 'The appointment');
}

/**
 * Refuses a follow-up date that is not strictly after now or more than {@link MAX_MONTHS_AHEAD} months
 * ahead (a 400 naming `field`): the same limits as an appointment, for the same reasons (a date already
 * passed would be overdue at once; `9999` is a typo).
 */
export function requireFollowUpDate(at: Instant, now: Instant, field = 'dueAt'): void {
  requireAhead(at, now, field, 'The follow-up date');
}

function requireAhead(at: Instant, now: Instant, field: string, what: string): void {
  if (!isAfter(at, now)) refuse('invalid_input', `${what} must be in the future.`, field, 'not_future');
  if (ms(at) > latestAppointment(now)) {
    refuse('invalid_input', `${what} must be within ${MAX_MONTHS_AHEAD} months.`, field, 'too_far');
  }
}

/**
 * Refuses confirming a step of the journey (`Departure`, `Arrival`) earlier than
 * {@link JOURNEY_OPENS_BEFORE_MS} before the appointment: a departure with the person a day ahead is a
 * mistap, as an arrival is. The request carries no field to name, so it is a state refusal (422), like
 * any other "not yet".
 */
export function requireJourneyWindow(r: Referral, now: Instant, step: 'Departure' | 'Arrival'): void {
  if (!r.appointment) return;
  if (ms(now) < ms(r.appointment.at) - JOURNEY_OPENS_BEFORE_MS) {
    refuse('invalid_state', `${step} can be confirmed from 12 hours before the appointment.`);
  }
}

/**
 * Refuses recording that the person attended before the appointment's time (a 400 naming `attended`,
 * the field that cannot be true yet). A no-show may be recorded early: a person who said they will not
 * come has not attended.
 */
export function requireOutcomeWindow(r: Referral, attended: boolean, now: Instant): void {
  if (!attended || !r.appointment) return;
  if (ms(now) < ms(r.appointment.at)) {
    refuse('invalid_input', 'Attendance can be recorded from the time of the appointment.', 'attended');
  }
}
