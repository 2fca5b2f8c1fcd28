import { changed } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Offer, Referral } from '../referral/model.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError, linkState, offerOf } from './link-state.ts';

/** Reads and re-decides this many times when concurrent answers keep moving the referral. */
const MAX_ATTEMPTS = 8;

/**
 * Answers through a specialist's link: read the referral, check what the link may still do, decide the
 * transition, and write it with ONE conditional write on the version read. When someone else wrote
 * first (a concurrent acceptance on another link, a double click on this one), the referral is read
 * again and the answer decided again, so the loser is told what happened ("taken", "used") instead of
 * getting an error: the first valid answer wins and nobody gets a 5xx for losing.
 *
 * The actor is the specialist the offer was made to: holding the link is how they prove it.
 */
export async function answerByLink(
  deps: LinkDeps,
  link: LinkRef,
  decide: (r: Referral, offer: Offer, ctx: TransitionContext) => Promise<Transition> | Transition,
): Promise<{ referral: Referral; offer: Offer }> {
  for (let attempt = 1; ; attempt++) {
    const r = await deps.store.get(link.referralId);
    const now = deps.clock.now().toISOString();
    const state = linkState(r, link, now);
    if (!r || state !== 'open') throw new LinkRefusedError(state === 'open' ? 'invalid' : state);
    const offer = offerOf(r, link);
    const ctx: TransitionContext = {
      now,
      actor: { role: 'specialist', id: offer.specialistId },
      newId: deps.newId,
    };
    const t = await decide(r, offer, ctx);
    if (!changed(t)) return { referral: t.referral, offer };
    try {
      await deps.store.save(t, r.version);
      return { referral: t.referral, offer };
    } catch (err) {
      const lostTheRace = err instanceof DomainError && err.kind === 'conflict';
      if (!lostTheRace || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
