import type { Caller } from '../caller.ts';
import { alreadySo, refuse } from '../errors.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { StaffRole } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { changeEveryReferralOf, type PersonChange } from './person-referrals.ts';

/** Who may lift "contact through the organisation only": a coordinator, never the worker alone. */
const MAY_LIFT: readonly StaffRole[] = ['coordinator', 'network_coordinator'];

/**
 * `POST /v1/people/{pseudonym}/do-not-contact`: the person is to be reached through the organisation
 * only. Every open referral of theirs is marked (one write each, on the timeline); specialists are then
 * told "contact through the organisation only". Repeating it is a 409.
 */
function markDoNotContactOf(deps: WriteDeps, caller: Caller, pseudonym: string): Promise<PersonChange> {
  return changeEveryReferralOf(deps, caller, pseudonym, Rules.markDoNotContact);
}

/**
 * `{ "doNotContact": false }`: a coordinator lifts it on every open referral of the person (one write
 * each, on the timeline as `person.do_not_contact_lifted`); specialists are no longer told to go
 * through the organisation. A social worker may mark, not lift: refused (403) before anything is read.
 */
function liftDoNotContactOf(deps: WriteDeps, caller: Caller, pseudonym: string): Promise<PersonChange> {
  if (!caller.roles.some((r) => MAY_LIFT.includes(r))) {
    return refuse('forbidden', 'Only a coordinator may lift “contact through the organisation only”.');
  }
  return changeEveryReferralOf(deps, caller, pseudonym, Rules.liftDoNotContact, MAY_LIFT);
}

/** The route's body: mark (`true`, the default) or lift (`false`). */
export async function setDoNotContactOf(
  deps: WriteDeps,
  caller: Caller,
  pseudonym: string,
  doNotContact: boolean,
): Promise<PersonChange> {
  const change = await (doNotContact
    ? markDoNotContactOf(deps, caller, pseudonym)
    : liftDoNotContactOf(deps, caller, pseudonym));
  return alreadySet(change, doNotContact);
}

/**
 * Setting the value every open referral already has is a 409 naming what is already true, not a 200 that
 * did nothing (issue 17 "truthful actions"). A person with no open referral is answered as before.
 */
function alreadySet(change: PersonChange, doNotContact: boolean): PersonChange {
  if (change.changed.length > 0 || change.alreadySo === 0) return change;
  return alreadySo(
    doNotContact
      ? 'Every open referral of this person is already marked “contact through the organisation only”: nothing changed.'
      : 'No open referral of this person is marked “contact through the organisation only”: nothing changed.',
  );
}
