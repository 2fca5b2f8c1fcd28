import type { CloseReason, Referral } from '../referral/model.ts';
import { closeReferral as close } from '../referral/transitions.ts';
import { applyTransition } from './apply-transition.ts';
import { actorFor, type Caller, transitionContext, type UseCaseDeps } from './context.ts';
import { loadReferral } from './load-referral.ts';

/** Ends a referral with a reason; its open offers are withdrawn and their links stop working. */
export async function closeReferral(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  reason: CloseReason,
  ifMatch?: number,
): Promise<Referral> {
  const r = await loadReferral(deps, caller, id, ifMatch);
  const ctx = transitionContext(
    deps,
    actorFor(caller, ['coordinator', 'network_coordinator', 'social_worker']),
  );
  return applyTransition(deps, r, close(r, { reason }, ctx));
}
