import { actorFor, type Caller } from '../caller.ts';
import { offerMore } from '../matching/offer-slots.ts';
import { changeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import { seesInFull } from './load-referral.ts';
import type { Referral, StaffRole } from './model.ts';

const OFFERERS: readonly StaffRole[] = ['coordinator', 'network_coordinator', 'social_worker'];

/**
 * `POST /v1/referrals/{id}/offers`: offers to named specialists, or to the next candidates. A network
 * coordinator may do it on another organisation's referral escalated to them (load-referral.ts), as a
 * network coordinator.
 */
export function offerToMore(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  specialistIds: readonly string[] | undefined,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(
    deps,
    id,
    (r, at) => {
      const actor = actorFor(caller, seesInFull(r, caller) ? OFFERERS : ['network_coordinator']);
      return offerMore(deps, r, { ...at, actor }, specialistIds);
    },
    { caller, ifMatch, reach: 'coordination' },
  );
}
