import type { Caller } from '../caller.ts';
import type { Referral, StaffRole } from './model.ts';

/*
 * Need to know (API.md "Who sees what"): THE table saying which view of a referral a staff caller gets.
 * Every read (the API's single reads, lists and answers to changes, and the staff pages) and every change
 * (the write path, change-referral.ts, through load-referral.ts) asks it; the fields of each view are
 * written once, in functions/http/views.
 *
 * | caller                                                   | view           |
 * |----------------------------------------------------------|----------------|
 * | referring org: social_worker, coordinator (and its own   | `full`         |
 * |   network_coordinator, who acts for it on every route)   |                |
 * | referring org: accompanier assigned to it                | `accompaniment`|
 * | referring org: another accompanier, while it is open to  | `open`         |
 * |   take (scheduled, accompaniment required, nobody yet)   |                |
 * | another org: network_coordinator, while it is escalated | `coordination` |
 * |   to the network coordinators and not resolved          |                |
 * | anyone else (admin, other accompaniers, other orgs)      | none: 404      |
 *
 * A caller with several roles gets the widest view any of them gives (the rows are in that order).
 * `admin` gives no view: an admin runs the organisation's setup, not its cases.
 */

/** The views of a referral, widest first. */
export const VIEWS = ['full', 'accompaniment', 'coordination', 'open'] as const;
export type View = (typeof VIEWS)[number];

/** The roles of the referring organisation that read its referrals in full. */
const CASE_ROLES: readonly StaffRole[] = ['social_worker', 'coordinator', 'network_coordinator'];

/** Open to take: scheduled, with an accompaniment required and nobody assigned yet. */
export const openToTake = (r: Pick<Referral, 'status' | 'accompaniment'>): boolean =>
  r.status === 'scheduled' && r.accompaniment.required && !r.accompaniment.accompanierId;

/** Whether the caller holds a role that reads the referring organisation's referrals in full. */
export const hasCaseRole = (caller: Pick<Caller, 'roles'>): boolean =>
  CASE_ROLES.some((role) => caller.roles.includes(role));

const has = (caller: Pick<Caller, 'roles'>, role: StaffRole): boolean => caller.roles.includes(role);

/**
 * The view of `r` the caller gets, or undefined when they get none (then it is "not found").
 * `escalatedToNetwork`: whether the referral has an unresolved escalation at the network coordinators'
 * level (load-referral.ts reads it, only for a network coordinator of another organisation).
 */
export function viewOf(
  r: Pick<Referral, 'org' | 'status' | 'accompaniment'>,
  caller: Pick<Caller, 'org' | 'sub' | 'roles'>,
  escalatedToNetwork: boolean,
): View | undefined {
  if (r.org === caller.org) {
    if (hasCaseRole(caller)) return 'full';
    if (!has(caller, 'accompanier')) return undefined;
    if (r.accompaniment.accompanierId === caller.sub) return 'accompaniment';
    return openToTake(r) ? 'open' : undefined;
  }
  return has(caller, 'network_coordinator') && escalatedToNetwork ? 'coordination' : undefined;
}

/**
 * Taking an accompaniment: an accompanier of the referring organisation may try on a scheduled referral
 * that needs one, even once someone has it, so that the rules answer "taken" (409; API.md: of two taking
 * it at once, one wins and the other gets 409). That tells them it is taken, and nothing of the case.
 */
export const mayTryToTake = (
  r: Pick<Referral, 'org' | 'status' | 'accompaniment'>,
  caller: Pick<Caller, 'org' | 'roles'>,
): boolean =>
  r.org === caller.org && has(caller, 'accompanier') && r.status === 'scheduled' && r.accompaniment.required;

/** Whether the view shows who the person is (their pseudonym): filtering by it needs one of these. */
export const showsPseudonym = (view: View): boolean => view === 'full' || view === 'accompaniment';
