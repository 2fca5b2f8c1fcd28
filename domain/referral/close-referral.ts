import { actorFor, type Caller } from '../caller.ts';
import { changeReferral } from './change-referral.ts';
import type { WriteDeps } from './deps.ts';
import type { CloseReason, Referral } from './model.ts';
import * as Rules from './rules/index.ts';

/** `POST /v1/referrals/{id}/close`: ends a referral with a reason; its open offers are withdrawn. */
export function closeReferral(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  reason: CloseReason,
  ifMatch?: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['coordinator', 'network_coordinator', 'social_worker']);
  return changeReferral(deps, id, (r, at) => Rules.closeReferral(r, { reason }, { ...at, actor }), {
    caller,
    ifMatch,
  });
}
