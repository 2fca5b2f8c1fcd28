import type { Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';

/** `POST /o/{token}/advice`: no visit needed; the referral closes as `returned_with_advice`. */
export async function returnAdvice(deps: LinkDeps, link: LinkRef, advice: string): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  return answerByLink(deps, link, (r, offer, ctx) =>
    Rules.returnWithAdvice(r, { offerId: offer.id, advice }, ctx),
  );
}
