import type { DeclineReason, Referral } from '../referral/model.ts';
import { declineOffer } from '../referral/rules/index.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { inOneWrite } from './in-one-write.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';
import { offerNext } from './offer-next.ts';

/**
 * `POST /o/{token}/decline`: records the reason and offers the next candidate in the same write (or,
 * with nobody left, records that candidates are exhausted), so a decline never leaves a referral
 * waiting for an offer nobody made.
 */
export async function declineByLink(deps: LinkDeps, link: LinkRef, reason: DeclineReason): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  const { referral } = await answerByLink(deps, link, async (r, offer, ctx) => {
    const declined = declineOffer(r, { offerId: offer.id, reason }, ctx);
    const next = await offerNext(deps, declined.referral, ctx);
    return inOneWrite(r, declined, next);
  });
  return referral;
}
