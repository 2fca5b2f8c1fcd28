import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { isAfter } from '../guards.ts';
import type { Instant, Referral } from '../model.ts';
import { commit, makeEvent, without } from '../transition.ts';

/**
 * Whether "seen again" can end the hold now: the person was absent at the meeting point and the
 * appointment is still ahead, so it can take place after all. Once its time has come it was missed:
 * going back to `scheduled` would wait for an arrival and an attendance at an appointment nobody went to
 * (and count it so). The way forward is then a reschedule, which ends the hold by itself
 * (reschedule.ts). Pages ask it before offering the action.
 */
export function canBeSeenAgain(r: Pick<Referral, 'status' | 'hold' | 'appointment'>, now: Instant): boolean {
  const absent = r.status === 'on_hold' && r.hold?.reason === 'person_absent';
  return absent && appointmentAhead(r, now);
}

/**
 * Whether the appointment a person absent at the meeting point missed is still ahead, so that "seen
 * again" can bring it back; for views that know the hold is an absence (the accompanier's: an
 * accompaniment is only ever on hold for one) and do not carry it.
 */
export const appointmentAhead = (
  r: { readonly appointment?: { readonly at: Instant } | undefined },
  now: Instant,
) => r.appointment !== undefined && isAfter(r.appointment.at, now);

/**
 * The person absent at the meeting point is back before the appointment's time: the referral is
 * `scheduled` again with its appointment kept, and the journey confirmations start over. After that time,
 * refused: the appointment is rescheduled instead (see {@link canBeSeenAgain}).
 */
export function markSeenAgain(r: Referral, ctx: TransitionContext): Transition {
  if (r.status !== 'on_hold' || r.hold?.reason !== 'person_absent') {
    return refuse('invalid_state', 'The referral is not waiting for the person to be seen again.');
  }
  if (!canBeSeenAgain(r, ctx.now)) {
    return refuse(
      'invalid_state',
      'The appointment’s time has passed: reschedule it, which also ends the hold.',
    );
  }
  const next: Referral = {
    ...without(r, 'hold'),
    status: 'scheduled',
    accompaniment: without(r.accompaniment, 'departedAt', 'arrivedAt'),
  };
  return commit(r, next, [makeEvent(r, ctx, 'person.seen_again', {})], ctx);
}
