import { refuse } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Referral } from '../referral/model.ts';
import { commit, makeEvent } from '../referral/transition.ts';
import { type Deadline, deadlineKey } from './deadline.ts';
import { escalationKindOf, firstLevel } from './escalation.ts';

/*
 * What a passed deadline does to the referral, for the deadlines that do not move its state: a reminder
 * or an escalation is recorded on the referral (its event carries the deadline's key, so the deadline
 * never fires twice: pending.ts). Offer expiry and the search for candidates are the referral's own
 * transitions (expireOffer, offerTo, markCandidatesExhausted), orchestrated by fire-due.ts.
 */

/** The reminder before a deadline: the specialist of a pending offer, or the assigned accompanier. */
export function remind(r: Referral, d: Deadline, ctx: TransitionContext): Transition {
  const key = deadlineKey(d);
  if (d.kind === 'reminder_specialist') {
    const offer = r.offers.find((o) => o.id === d.ref);
    if (!offer) return refuse('not_found', 'This offer does not exist.');
    const event = makeEvent(r, ctx, 'reminder.due', {
      deadline: key,
      kind: 'specialist',
      offerId: offer.id,
      specialistId: offer.specialistId,
    });
    return commit(r, r, [event], ctx);
  }
  if (d.kind === 'reminder_accompanier') {
    const accompanierId = r.accompaniment.accompanierId;
    if (!accompanierId) return refuse('invalid_state', 'Nobody accompanies this referral.');
    const event = makeEvent(r, ctx, 'reminder.due', { deadline: key, kind: 'accompanier', accompanierId });
    return commit(r, r, [event], ctx);
  }
  return refuse('invalid_input', 'Not a reminder.', 'deadline');
}

/**
 * Raises a new escalation for a passed deadline, at the first level of its kind on this referral
 * (escalation.ts: an unconfirmed arrival nobody was assigned to goes to the coordinators at once). The
 * board item is projected from the event (functions/consumers/escalation-board.ts); the referral's write,
 * conditional on its version, is what makes a deadline raise exactly one escalation however many sweeps
 * run at once.
 */
export function raiseEscalation(
  r: Referral,
  d: Deadline,
  ctx: TransitionContext,
  escalationId: string,
): Transition {
  const kind = escalationKindOf(d.kind);
  if (!kind) return refuse('invalid_input', 'This deadline raises no escalation.', 'deadline');
  const event = makeEvent(r, ctx, 'escalation.raised', {
    escalationId,
    kind,
    level: firstLevel(kind, r),
    urgency: r.urgency,
    deadline: deadlineKey(d),
  });
  return commit(r, r, [event], ctx);
}
