import type { Referral } from '../../referral/model.ts';
import { confirmDeparted } from '../../referral/transitions.ts';
import type { Caller, UseCaseDeps } from '../context.ts';
import { asAccompanier, changeReferral } from './change-referral.ts';

/** `POST /v1/referrals/{id}/departed`: the assigned accompanier left with the person. Once. */
export function confirmDeparture(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(deps, caller, {
    id,
    ifMatch,
    actor: asAccompanier(caller),
    transition: confirmDeparted,
  });
}
