import type { Caller } from '../caller.ts';
import type { WriteDeps } from '../referral/deps.ts';
import * as Rules from '../referral/rules/index.ts';
import { changeEveryReferralOf, type PersonChange } from './person-referrals.ts';

/**
 * `POST /v1/people/{pseudonym}/do-not-contact`: the person is to be reached through the organisation
 * only. Every open referral of theirs is marked (one write each, on the timeline); specialists are then
 * told "contact through the organisation only". Repeating it changes nothing more.
 */
export function markDoNotContactOf(
  deps: WriteDeps,
  caller: Caller,
  pseudonym: string,
): Promise<PersonChange> {
  return changeEveryReferralOf(deps, caller, pseudonym, Rules.markDoNotContact);
}
