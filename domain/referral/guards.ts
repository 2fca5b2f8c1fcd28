import { refuse } from '../errors.ts';
import { LinkRefusedError, offerLinkState } from '../links/link-state.ts';
import type { TransitionContext } from '../ports.ts';
import type { Instant, Offer, Referral } from './model.ts';

/* The checks the pure transitions share before they change anything; each refuses with a DomainError. */

const ms = (t: Instant): number => Date.parse(t);

/** True when `a` is strictly later than `b`; false when either is not a valid instant. */
export const isAfter = (a: Instant, b: Instant): boolean => ms(a) > ms(b);

/** True when both name the same instant, whatever their offsets. */
export const sameInstant = (a: Instant, b: Instant): boolean => ms(a) === ms(b);

/** Refuses unless `value` is an instant strictly after now. */
export function requireFuture(value: Instant, now: Instant, field: string, message: string): void {
  if (!isAfter(value, now)) refuse('invalid_input', message, field, 'not_future');
}

/** Refuses unless `value` is a non-blank string. */
export function requireText(value: string, field: string, message: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('invalid_input', message, field);
}

/**
 * Finds the offer a specialist's link answers, and refuses unless it can still be answered. Why an offer
 * can no longer be answered (used, expired, taken, moved on…) is decided once, by `offerLinkState`: the
 * refusal is its LinkRefusedError, whoever asks.
 */
export function answerableOffer(r: Referral, offerId: string, now: Instant): Offer {
  const state = offerLinkState(r, offerId, now);
  if (state !== 'open') throw new LinkRefusedError(state);
  return r.offers.find((o) => o.id === offerId)!;
}

/** Refuses unless the actor is the accompanier assigned to this referral. */
export function requireAssignedAccompanier(r: Referral, ctx: TransitionContext): string {
  const assigned = r.accompaniment.accompanierId;
  if (!assigned || ctx.actor.id !== assigned) {
    return refuse('forbidden', 'Only the accompanier assigned to this referral can confirm this.');
  }
  return assigned;
}
