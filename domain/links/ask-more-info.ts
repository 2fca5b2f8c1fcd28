import type { Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';

/**
 * `POST /o/{token}/more-info`: the specialist asks the referring worker a question. The referral waits
 * `on_hold` (the other offers withdrawn) until the worker answers (`POST /v1/referrals/{id}/answer`).
 */
export async function askMoreInfo(deps: LinkDeps, link: LinkRef, question: string): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  return answerByLink(deps, link, (r, offer, ctx) =>
    Rules.requestMoreInfo(r, { offerId: offer.id, question }, ctx),
  );
}
