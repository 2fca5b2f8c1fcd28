import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireFuture, requireText } from '../guards.ts';
import type { InfoExchange, Instant, Offer, Referral } from '../model.ts';
import { commit, makeEvent, without } from '../transition.ts';
import { askedAlready } from './offer-to.ts';

export interface ProvideInfoInput {
  /** Free text for the specialist; kept on the referral, never put in an event. */
  readonly answer: string;
  /** When the fresh offer's link stops working. */
  readonly expiresAt: Instant;
}

/**
 * The referring worker answers a specialist's question: the exchange is kept on the referral and the
 * same specialist gets a fresh pending offer, so the referral is `offered` again. The specialists whose
 * offers the question withdrew (`hold.paused`) are offered it again, with the same deadline: the search
 * goes on as it was before the question, rather than losing the candidates it had asked.
 */
export function provideInfo(r: Referral, input: ProvideInfoInput, ctx: TransitionContext): Transition {
  const hold = r.hold;
  if (r.status !== 'on_hold' || hold?.reason !== 'more_info') {
    return refuse('invalid_state', 'No question from a specialist is waiting for an answer.');
  }
  requireText(input.answer, 'answer', 'The answer cannot be empty.');
  requireFuture(input.expiresAt, ctx.now, 'expiresAt', 'An offer must expire in the future.');

  const offer: Offer = {
    id: ctx.newId(),
    specialistId: hold.specialistId,
    sentAt: ctx.now,
    expiresAt: input.expiresAt,
    state: 'pending',
  };
  const exchange: InfoExchange = {
    offerId: hold.offerId,
    specialistId: hold.specialistId,
    question: hold.question,
    askedAt: hold.since,
    answer: input.answer,
    answeredAt: ctx.now,
    answeredBy: { role: ctx.actor.role, id: ctx.actor.id },
    nextOfferId: offer.id,
  };
  // Once each, and never one who has said no since, nor one with an offer pending (none should).
  const again = [...new Set(hold.paused ?? [])].filter(
    (id) => id !== hold.specialistId && askedAlready(r, id) === undefined,
  );
  const resumed = again.map((specialistId): Offer => ({ ...offer, id: ctx.newId(), specialistId }));
  const next: Referral = {
    ...without(r, 'hold'),
    status: 'offered',
    offers: [...r.offers, offer, ...resumed],
    exchanges: [...(r.exchanges ?? []), exchange],
  };
  const events = [
    makeEvent(r, ctx, 'referral.info_provided', { offerId: hold.offerId }),
    ...[offer, ...resumed].map((o) =>
      makeEvent(r, ctx, 'offer.sent', {
        offerId: o.id,
        specialistId: o.specialistId,
        expiresAt: o.expiresAt,
      }),
    ),
  ];
  return commit(r, next, events, ctx);
}
