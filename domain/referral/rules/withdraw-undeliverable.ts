import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { offerRef, replaceOffer } from '../offers.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * A pending offer whose specialist cannot be reached (their mail bounced, or they reported it as spam)
 * is withdrawn at once instead of waiting for its deadline: nobody will answer it. With no pending offer
 * left the referral is open again, for the offer planner to refill in the same write. An offer no longer
 * pending is left alone (a repeat of the same bounce).
 */
export function withdrawUndeliverable(
  r: Referral,
  input: { readonly offerId: string },
  ctx: TransitionContext,
): Transition {
  const offer = r.offers.find((o) => o.id === input.offerId);
  if (!offer) return refuse('not_found', 'This offer does not exist.');
  if (offer.state !== 'pending' || r.status !== 'offered') return unchanged(r);
  const offers = replaceOffer(r.offers, { ...offer, state: 'withdrawn' });
  const next: Referral = {
    ...r,
    status: offers.some((o) => o.state === 'pending') ? 'offered' : 'open',
    offers,
  };
  const withdrawn = makeEvent(r, ctx, 'offer.withdrawn', { ...offerRef(offer), why: 'undeliverable' });
  return commit(r, next, [withdrawn], ctx);
}
