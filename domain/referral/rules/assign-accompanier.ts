import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { isAfter, requireFuture, requireText, sameInstant } from '../guards.ts';
import type { Accompaniment, Instant, Referral } from '../model.ts';
import { commit, makeEvent } from '../transition.ts';

export interface AssignAccompanierInput {
  readonly accompanierId: string;
  readonly meetingPoint?: string;
  readonly meetingAt?: Instant;
}

const REASSIGNERS = new Set(['coordinator', 'network_coordinator']);

/**
 * Assigns the accompanier of a scheduled referral that needs one, by a coordinator or by an accompanier
 * taking it for themselves. Taking one already assigned to someone else is a conflict (two people tapped
 * "take" at once); only a coordinator reassigns. Assigning the same person again with the same meeting
 * details is a 409 (nothing would change); new meeting details for the same person are recorded.
 */
export function assignAccompanier(
  r: Referral,
  input: AssignAccompanierInput,
  ctx: TransitionContext,
): Transition {
  if (r.status !== 'scheduled') {
    return refuse('invalid_state', 'An accompanier can be assigned only while the appointment is scheduled.');
  }
  if (!r.accompaniment.required) {
    return refuse('invalid_state', 'This referral does not need accompaniment.');
  }
  requireText(input.accompanierId, 'accompanierId', 'An accompanier id is required.');
  if (ctx.actor.role === 'accompanier' && ctx.actor.id !== input.accompanierId) {
    return refuse('forbidden', 'An accompanier can take an accompaniment only for themselves.');
  }
  if (input.meetingPoint !== undefined) {
    requireText(input.meetingPoint, 'meetingPoint', 'The meeting point cannot be empty.');
  }
  if (input.meetingAt !== undefined) {
    requireFuture(input.meetingAt, ctx.now, 'meetingAt', 'The meeting time must be in the future.');
    if (r.appointment && isAfter(input.meetingAt, r.appointment.at)) {
      return refuse('invalid_input', 'The meeting time must not be after the appointment.', 'meetingAt');
    }
  }

  const current = r.accompaniment;
  const previous = current.accompanierId;
  if (previous === input.accompanierId) {
    const samePoint = input.meetingPoint === undefined || input.meetingPoint === current.meetingPoint;
    const sameTime =
      input.meetingAt === undefined ||
      (current.meetingAt !== undefined && sameInstant(input.meetingAt, current.meetingAt));
    if (samePoint && sameTime) {
      return alreadySo(
        `This accompanier already accompanies this person, with this meeting point and time: nothing changed.`,
      );
    }
  } else if (previous !== undefined && !REASSIGNERS.has(ctx.actor.role)) {
    return refuse('conflict', 'Someone else already accompanies this person; a coordinator can reassign it.');
  }

  const accompaniment: Accompaniment = {
    ...current,
    accompanierId: input.accompanierId,
    ...(input.meetingPoint !== undefined ? { meetingPoint: input.meetingPoint } : {}),
    ...(input.meetingAt !== undefined ? { meetingAt: input.meetingAt } : {}),
  };
  const assigned = makeEvent(r, ctx, 'accompaniment.assigned', {
    accompanierId: input.accompanierId,
    ...(previous !== undefined && previous !== input.accompanierId
      ? { previousAccompanierId: previous }
      : {}),
  });
  return commit(r, { ...r, accompaniment }, [assigned], ctx);
}
