import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { resumedOfferExpiry } from '../timers/resumed-offer-expiry.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';
import { loadReferral } from './load-referral.ts';
import type { Referral } from './model.ts';
import { provideInfo } from './rules/index.ts';

/**
 * `POST /v1/referrals/{id}/answer`: the referring worker answers the question a specialist asked through
 * their link. The referral is on offer again, to the same specialist, with a fresh offer (and so a fresh
 * link by email) whose deadline resumes with the time the offer had left when the question was asked
 * (timers/resumed-offer-expiry.ts); their page shows the question and the answer.
 */
export async function answerQuestion(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  answer: string,
  ifMatch?: number,
): Promise<Referral> {
  const r = await loadReferral(deps, caller, id, ifMatch);
  const ctx = transitionContext(deps, actorFor(caller, ['social_worker']));
  // The offer's clock was paused while the question waited: it resumes with the time it had left.
  const expiresAt = resumedOfferExpiry(
    r,
    ctx.now,
    deps.offerExpiry(r.urgency, new Date(ctx.now)).toISOString(),
  );
  return applyTransition(deps, r, provideInfo(r, { answer, expiresAt }, ctx));
}
