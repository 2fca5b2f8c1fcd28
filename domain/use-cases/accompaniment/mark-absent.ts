import type { Referral } from '../../referral/model.ts';
import { markAbsent } from '../../referral/transitions.ts';
import type { Caller, UseCaseDeps } from '../context.ts';
import { asAccompanier, changeReferral } from './change-referral.ts';

/**
 * `POST /v1/referrals/{id}/absent`: nobody at the meeting point. Not a no-show at the specialist: the
 * referral waits `on_hold` until the person is seen again, and absences are counted apart.
 */
export function markPersonAbsent(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(deps, caller, { id, ifMatch, actor: asAccompanier(caller), transition: markAbsent });
}
