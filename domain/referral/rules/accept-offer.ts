import type { Transition, TransitionContext } from '../../ports.ts';
import { requireBookableAppointment } from '../appointment-window.ts';
import { answerableOffer, requireText } from '../guards.ts';
import type { Instant, Referral } from '../model.ts';
import { replaceOffer, withdrawPending } from '../offers.ts';
import { commit, makeEvent } from '../transition.ts';

export interface AcceptOfferInput {
  readonly offerId: string;
  readonly appointmentAt: Instant;
  /** Where the appointment takes place (the caller defaults it to the specialist's practice). */
  readonly place: string;
}

/**
 * A specialist accepts an offer with an appointment time: the first valid acceptance wins. The referral
 * is `scheduled` and every other pending offer is withdrawn as taken, so the other links say so.
 */
export function acceptOffer(r: Referral, input: AcceptOfferInput, ctx: TransitionContext): Transition {
  const offer = answerableOffer(r, input.offerId, ctx.now);
  requireBookableAppointment(input.appointmentAt, ctx.now);
  requireText(input.place, 'place', 'The appointment needs a place.');

  // With the opening date in the envelope: the stats count the days to the appointment from the event.
  const scheduled = {
    ...makeEvent(r, ctx, 'appointment.scheduled', {
      offerId: offer.id,
      specialistId: offer.specialistId,
      at: input.appointmentAt,
    }),
    openedAt: r.createdAt,
  };
  const others = withdrawPending(r, 'taken', ctx, offer.id);
  const next: Referral = {
    ...r,
    status: 'scheduled',
    offers: replaceOffer(others.offers, { ...offer, state: 'accepted', answeredAt: ctx.now }),
    appointment: {
      at: input.appointmentAt,
      place: input.place,
      specialistId: offer.specialistId,
      offerId: offer.id,
    },
  };
  return commit(r, next, [scheduled, ...others.events], ctx);
}
