import { actorFor, type Caller } from '../caller.ts';
import { amendWithOfferTimes } from '../matching/offer-slots.ts';
import { changeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import type { Referral } from './model.ts';
import type * as Rules from './rules/index.ts';

/**
 * `PATCH /v1/referrals/{id}`: a social worker or a coordinator of the referring organisation amends
 * the urgency, languages, interpreter, accompaniment or reason, based on the version they read
 * (`ifMatch`, required by the route: an amendment made on a stale read would silently undo another's).
 * A change of urgency re-times the pending offers (amendWithOfferTimes).
 */
export function amendReferral(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  input: Rules.AmendReferralInput,
  ifMatch: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['coordinator', 'social_worker']);
  return changeReferral(deps, id, (r, at) => amendWithOfferTimes(deps, r, input, { ...at, actor }), {
    caller,
    ifMatch,
  });
}
