import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { planOffers } from '../matching/offer-slots.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';
import { loadReferral } from './load-referral.ts';
import type { Referral } from './model.ts';

/** `POST /v1/referrals/{id}/offers`: offers to named specialists, or to the next candidates. */
export async function offerToMore(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  specialistIds: readonly string[] | undefined,
  ifMatch?: number,
): Promise<Referral> {
  const r = await loadReferral(deps, caller, id, ifMatch);
  const ctx = transitionContext(
    deps,
    actorFor(caller, ['coordinator', 'network_coordinator', 'social_worker']),
  );
  return applyTransition(deps, r, await planOffers(deps, r, ctx, specialistIds));
}
