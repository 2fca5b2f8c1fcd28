import type { Referral } from '../../referral/model.ts';
import { markSeenAgain } from '../../referral/transitions.ts';
import { actorFor, type Caller, type UseCaseDeps } from '../context.ts';
import { changeReferral } from './change-referral.ts';

/**
 * `POST /v1/referrals/{id}/seen-again`: the person absent at the meeting point is back; the referral is
 * scheduled again, ready to be rescheduled.
 */
export function markPersonSeenAgain(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(deps, caller, {
    id,
    ifMatch,
    actor: () => actorFor(caller, ['social_worker', 'accompanier', 'coordinator', 'network_coordinator']),
    transition: markSeenAgain,
  });
}
