import { refillSlots } from '../matching/offer-slots.ts';
import type { DeclineReason, Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { combine } from '../referral/transition.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';

/**
 * `POST /o/{token}/decline`: records the reason and, the slot being free, offers the next candidate in
 * the same write (or, with nobody left, records that candidates are exhausted), so a decline never
 * leaves a referral waiting for an offer nobody made.
 */
export function declineByLink(deps: LinkDeps, link: LinkRef, reason: DeclineReason): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  return answerByLink(deps, link, async (r, offer, ctx) => {
    const declined = Rules.declineOffer(r, { offerId: offer.id, reason }, ctx);
    return combine(r, declined, await refillSlots(deps, declined.referral, ctx));
  });
}
