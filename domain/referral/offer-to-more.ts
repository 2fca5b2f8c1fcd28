import { actorFor, type Caller } from '../caller.ts';
import { offerMore } from '../matching/offer-slots.ts';
import { changeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import type { Referral } from './model.ts';

/** `POST /v1/referrals/{id}/offers`: offers to named specialists, or to the next candidates. */
export function offerToMore(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  specialistIds: readonly string[] | undefined,
  ifMatch?: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['coordinator', 'network_coordinator', 'social_worker']);
  return changeReferral(deps, id, (r, at) => offerMore(deps, r, { ...at, actor }, specialistIds), {
    caller,
    ifMatch,
  });
}
