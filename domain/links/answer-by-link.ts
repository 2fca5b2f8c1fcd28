import type { Transition, TransitionContext } from '../ports.ts';
import { writeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Offer, Referral } from '../referral/model.ts';
import { type LinkRef, LinkRefusedError, linkState, offerOf } from './link-state.ts';

/**
 * Answers through a specialist's link, on the write path: what the link may still do is its
 * authorisation (link-state.ts), decided again on every read. When someone else wrote first (a
 * concurrent acceptance on another link, a double click on this one), the answer is decided again on the
 * fresh state, so the loser is told what happened ("taken", "used") instead of getting an error.
 *
 * The actor is the specialist the offer was made to: holding the link is how they prove it.
 */
export async function answerByLink(
  deps: WriteDeps,
  link: LinkRef,
  decide: (r: Referral, offer: Offer, ctx: TransitionContext) => Promise<Transition> | Transition,
): Promise<Referral> {
  const { referral } = await writeReferral(deps, link.referralId, (r, at) => {
    const state = linkState(r, link, at.now);
    if (!r || state !== 'open') throw new LinkRefusedError(state === 'open' ? 'invalid' : state);
    const offer = offerOf(r, link);
    return decide(r, offer, { ...at, actor: { role: 'specialist', id: offer.specialistId } });
  });
  return referral;
}
