import type { OfferDeps } from '../matching/offer-slots.ts';
import type { Clock, ReferralStore } from '../ports.ts';
import type { VisibilityDeps } from './load-referral.ts';

/**
 * What the write path needs: the store, the clock and fresh ids; and the board, by which a network
 * coordinator reaches another organisation's escalated referral (load-referral.ts).
 */
export interface WriteDeps extends VisibilityDeps {
  readonly store: ReferralStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** What the referral use cases need from the outside world: the write path and the offer planner. */
export interface UseCaseDeps extends WriteDeps, OfferDeps {}
