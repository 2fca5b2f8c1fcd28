import type { EventData, EventOf } from '../../events/catalog.ts';
import type { TransitionContext } from '../ports.ts';
import type { Offer, Referral } from './model.ts';
import { makeEvent } from './transition.ts';

/** How events name an offer: its id and its specialist. */
export const offerRef = (o: Offer): { offerId: string; specialistId: string } => ({
  offerId: o.id,
  specialistId: o.specialistId,
});

/** Replaces one offer by id. */
export const replaceOffer = (offers: readonly Offer[], next: Offer): Offer[] =>
  offers.map((o) => (o.id === next.id ? next : o));

/** How many offers are waiting for an answer. */
export const pendingCount = (r: Pick<Referral, 'offers'>): number =>
  r.offers.filter((o) => o.state === 'pending').length;

/**
 * Withdraws every pending offer (except `keep`), returning the new offers and one offer.withdrawn event
 * each, so the specialists' links say why they stopped working.
 */
export function withdrawPending(
  r: Referral,
  why: EventData<'offer.withdrawn'>['why'],
  ctx: TransitionContext,
  keep?: string,
): { offers: Offer[]; events: EventOf<'offer.withdrawn'>[] } {
  const events: EventOf<'offer.withdrawn'>[] = [];
  const offers = r.offers.map((o): Offer => {
    if (o.state !== 'pending' || o.id === keep) return o;
    events.push(makeEvent(r, ctx, 'offer.withdrawn', { ...offerRef(o), why }));
    return { ...o, state: 'withdrawn' };
  });
  return { offers, events };
}

/**
 * One offer answered in a way that ends the others (accepted, a question asked, advice given): it takes
 * its new state, answered now, and every other pending offer is withdrawn for `why`.
 */
export function answerOne(
  r: Referral,
  offer: Offer,
  state: Offer['state'],
  why: EventData<'offer.withdrawn'>['why'],
  ctx: TransitionContext,
): { offers: Offer[]; withdrawn: EventOf<'offer.withdrawn'>[] } {
  const others = withdrawPending(r, why, ctx, offer.id);
  return {
    offers: replaceOffer(others.offers, { ...offer, state, answeredAt: ctx.now }),
    withdrawn: others.events,
  };
}
