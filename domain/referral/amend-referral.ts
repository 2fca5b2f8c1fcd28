import { actorFor, type Caller } from '../caller.ts';
import { changeReferral } from './change-referral.ts';
import type { WriteDeps } from './deps.ts';
import type { Referral } from './model.ts';
import * as Rules from './rules/index.ts';

/**
 * `PATCH /v1/referrals/{id}`: a social worker or a coordinator of the referring organisation amends
 * the urgency, languages, interpreter, accompaniment or reason, based on the version they read
 * (`ifMatch`, required by the route: an amendment made on a stale read would silently undo another's).
 */
export function amendReferral(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  input: Rules.AmendReferralInput,
  ifMatch: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['coordinator', 'social_worker']);
  return changeReferral(deps, id, (r, at) => Rules.amendReferral(r, input, { ...at, actor }), {
    caller,
    ifMatch,
  });
}
