import type { EventOf } from '../../../events/catalog.ts';
import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireFuture, requireText } from '../guards.ts';
import type { Instant, Offer, Referral } from '../model.ts';
import { commit, makeEvent, without } from '../transition.ts';

export interface OfferRequest {
  readonly specialistId: string;
  /** When the link stops working and the next candidate is offered. */
  readonly expiresAt: Instant;
}

/** Whether a referral can be offered to more specialists: open, or already on offer to some. */
export const offerable = (r: Pick<Referral, 'status'>): boolean =>
  r.status === 'open' || r.status === 'offered';

/**
 * Whether a specialist was asked on this referral already, so that asking again is refused: their offer
 * is pending, or they declined or let it expire (asking again would be pestering).
 */
export const askedBefore = (r: Pick<Referral, 'offers'>, specialistId: string): boolean =>
  r.offers.some(
    (p) =>
      p.specialistId === specialistId &&
      (p.state === 'pending' || p.state === 'declined' || p.state === 'expired'),
  );

/**
 * Offers the referral to one or more specialists (from `open`, or adding to `offered`): one pending offer
 * and one offer.sent each. A specialist is never asked twice while their offer is pending, nor again
 * after they declined or let it expire on this referral.
 */
export function offerTo(r: Referral, offers: readonly OfferRequest[], ctx: TransitionContext): Transition {
  if (!offerable(r)) {
    return refuse('invalid_state', 'A referral can be offered only while it is open or on offer.');
  }
  if (offers.length === 0)
    return refuse('invalid_input', 'Name at least one specialist to offer to.', 'offers');
  const asked = new Set<string>();
  for (const o of offers) {
    requireText(o.specialistId, 'specialistId', 'A specialist id is required.');
    if (asked.has(o.specialistId)) {
      return refuse('invalid_input', 'Each specialist can be named only once.', 'specialistId');
    }
    asked.add(o.specialistId);
    requireFuture(o.expiresAt, ctx.now, 'expiresAt', 'An offer must expire in the future.');
    const previous = r.offers.filter((p) => p.specialistId === o.specialistId);
    if (previous.some((p) => p.state === 'pending')) {
      return refuse('conflict', 'This specialist already has a pending offer for this referral.');
    }
    if (previous.some((p) => p.state === 'declined' || p.state === 'expired')) {
      return refuse('conflict', 'This specialist already declined or let an offer for this referral expire.');
    }
  }

  const sent: Offer[] = [];
  const events: EventOf<'offer.sent'>[] = [];
  for (const o of offers) {
    const offer: Offer = {
      id: ctx.newId(),
      specialistId: o.specialistId,
      sentAt: ctx.now,
      expiresAt: o.expiresAt,
      state: 'pending',
    };
    sent.push(offer);
    events.push(
      makeEvent(r, ctx, 'offer.sent', {
        offerId: offer.id,
        specialistId: offer.specialistId,
        expiresAt: offer.expiresAt,
      }),
    );
  }
  const next: Referral = {
    ...without(r, 'candidatesExhaustedAt'),
    status: 'offered',
    offers: [...r.offers, ...sent],
  };
  return commit(r, next, events, ctx);
}
