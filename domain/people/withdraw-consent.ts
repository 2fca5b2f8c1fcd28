import type { Caller } from '../caller.ts';
import type { WriteDeps } from '../referral/deps.ts';
import * as Rules from '../referral/rules/index.ts';
import { changeEveryReferralOf, type PersonChange } from './person-referrals.ts';

/**
 * `POST /v1/people/{pseudonym}/consent-withdrawal`: the person withdrew their consent. Every open
 * referral of theirs in the caller's organisation is closed as `withdrawn` (one write each); their
 * pending offers are withdrawn, so every link of theirs stops working, and the specialists concerned
 * get a neutral "request withdrawn" email from the `referral.closed` consumer. Repeating it changes
 * nothing more.
 */
export function withdrawConsentOf(deps: WriteDeps, caller: Caller, pseudonym: string): Promise<PersonChange> {
  return changeEveryReferralOf(deps, caller, pseudonym, Rules.withdrawConsent);
}
