import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';
import { loadReferral } from './load-referral.ts';
import type { CloseReason, Referral } from './model.ts';
import { closeReferral as close } from './rules/index.ts';

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
