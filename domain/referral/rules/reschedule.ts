import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireBookableAppointment } from '../appointment-window.ts';
import { requireText, sameInstant } from '../guards.ts';
import type { Instant, Referral } from '../model.ts';
import { commit, makeEvent, unchanged, without } from '../transition.ts';

export interface RescheduleInput {
  readonly appointmentAt: Instant;
  /** Kept as it was when absent. */
  readonly place?: string;
}

/**
 * Whether the appointment can be moved now: scheduled, or on hold because the person was absent at the
 * meeting point. The rule below refuses otherwise; pages ask it before offering the form.
 */
export function reschedulable(r: Referral): boolean {
  const absent = r.status === 'on_hold' && r.hold?.reason === 'person_absent';
  return (r.status === 'scheduled' || absent) && r.appointment !== undefined;
}

/**
 * Moves the appointment (either side may), also for a person who was absent at the meeting point. The
 * journey confirmations and the meeting time belonged to the old appointment and are cleared; the
 * accompanier and meeting point stay. Moving it to the time and place it already has changes nothing.
 */
export function reschedule(r: Referral, input: RescheduleInput, ctx: TransitionContext): Transition {
  const absent = r.status === 'on_hold' && r.hold?.reason === 'person_absent';
  const appointment = r.appointment;
  if (!reschedulable(r) || !appointment) {
    return refuse('invalid_state', 'Only a scheduled appointment can be rescheduled.');
  }
  requireBookableAppointment(input.appointmentAt, ctx.now);
  if (input.place !== undefined) requireText(input.place, 'place', 'The place cannot be empty.');

  const place = input.place ?? appointment.place;
  if (!absent && sameInstant(input.appointmentAt, appointment.at) && place === appointment.place) {
    return unchanged(r);
  }
  const next: Referral = {
    ...without(r, 'hold'),
    status: 'scheduled',
    appointment: { ...appointment, at: input.appointmentAt, place },
    accompaniment: without(r.accompaniment, 'departedAt', 'arrivedAt', 'meetingAt'),
  };
  const rescheduled = makeEvent(r, ctx, 'appointment.rescheduled', {
    specialistId: appointment.specialistId,
    at: input.appointmentAt,
    previousAt: appointment.at,
  });
  return commit(r, next, [rescheduled], ctx);
}
