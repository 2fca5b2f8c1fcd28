import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { offerRef, replaceOffer } from '../offers.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * The timer expires an unanswered offer. When no pending offer is left the referral goes back to
 * `open`. An offer that is no longer pending (answered, withdrawn, already expired) is left alone, so
 * two sweeps running at once do no harm. When to expire is the caller's decision (the offer's
 * `expiresAt`, from settings): this function does not second-guess the clock.
 */
export function expireOffer(
  r: Referral,
  input: { readonly offerId: string },
  ctx: TransitionContext,
): Transition {
  const offer = r.offers.find((o) => o.id === input.offerId);
  if (!offer) return refuse('not_found', 'This offer does not exist.');
  if (offer.state !== 'pending') return unchanged(r);

  const offers = replaceOffer(r.offers, { ...offer, state: 'expired' });
  const next: Referral = {
    ...r,
    status: offers.some((o) => o.state === 'pending') ? 'offered' : 'open',
    offers,
  };
  const expired = makeEvent(r, ctx, 'offer.expired', offerRef(offer));
  return commit(r, next, [expired], ctx);
}
