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
 * Why a specialist cannot be offered this referral by name, if so: their offer is `pending` already, or
 * they `declined` it (asking again someone who said no would be pestering). One who let an offer expire
 * did not say no (a weekend, a full inbox): a coordinator naming them may ask again, as the only way
 * forward once every candidate let theirs expire. Matching never asks anyone twice on its own
 * (matchCandidates), so nobody is reminded by the planner of an offer they let lapse.
 */
export function askedAlready(
  r: Pick<Referral, 'offers'>,
  specialistId: string,
): 'pending' | 'declined' | undefined {
  const previous = r.offers.filter((p) => p.specialistId === specialistId);
  if (previous.some((p) => p.state === 'pending')) return 'pending';
  if (previous.some((p) => p.state === 'declined')) return 'declined';
  return undefined;
}

/** Whether naming this specialist for this referral is refused because they were asked already. */
export const askedBefore = (r: Pick<Referral, 'offers'>, specialistId: string): boolean =>
  askedAlready(r, specialistId) !== undefined;

/**
 * Offers the referral to one or more specialists (from `open`, or adding to `offered`): one pending offer
 * and one offer.sent each. A specialist is never asked twice while their offer is pending (409: already
 * so), nor again after they declined (422: a rule of this referral's state); see {@link askedAlready}.
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
    const before = askedAlready(r, o.specialistId);
    if (before === 'pending') {
      return refuse('conflict', 'This specialist already has a pending offer for this referral.');
    }
    if (before === 'declined') {
      return refuse('invalid_state', 'This specialist declined this referral already.', 'specialistId');
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
