import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { answerableOffer } from '../guards.ts';
import { DECLINE_REASONS, type DeclineReason, type Referral } from '../model.ts';
import { offerRef, replaceOffer } from '../offers.ts';
import { commit, makeEvent } from '../transition.ts';

export interface DeclineOfferInput {
  readonly offerId: string;
  readonly reason: DeclineReason;
}

/**
 * A specialist declines an offer with a reason code. When no pending offer is left the referral goes
 * back to `open`, and the caller offers the next candidate.
 */
export function declineOffer(r: Referral, input: DeclineOfferInput, ctx: TransitionContext): Transition {
  const offer = answerableOffer(r, input.offerId, ctx.now);
  if (!DECLINE_REASONS.includes(input.reason)) {
    return refuse('invalid_input', 'The decline reason is not known.', 'reason');
  }
  const offers = replaceOffer(r.offers, {
    ...offer,
    state: 'declined',
    answeredAt: ctx.now,
    declineReason: input.reason,
  });
  const next: Referral = {
    ...r,
    status: offers.some((o) => o.state === 'pending') ? 'offered' : 'open',
    offers,
  };
  const declined = makeEvent(r, ctx, 'offer.declined', {
    ...offerRef(offer),
    reason: input.reason,
  });
  return commit(r, next, [declined], ctx);
}
