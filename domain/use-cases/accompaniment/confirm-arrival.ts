import type { Referral } from '../../referral/model.ts';
import { confirmArrived } from '../../referral/transitions.ts';
import type { Caller, UseCaseDeps } from '../context.ts';
import { asAccompanier, changeReferral } from './change-referral.ts';

/** `POST /v1/referrals/{id}/arrived`: the assigned accompanier and the person are there. Once. */
export function confirmArrival(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(deps, caller, {
    id,
    ifMatch,
    actor: asAccompanier(caller),
    transition: confirmArrived,
  });
}
