import type { StaffRole } from '../../../domain/referral/model.ts';

/*
 * Who may do what to a referral or a person, by role: one list per action, read by the JSON route that
 * declares it (the 403 and the OpenAPI document's roles) and by the staff page that does the same through
 * a form (its 403 page). A page calling the use case without the route's check would let a role through
 * that the API refuses.
 */

/** The staff who work on a referral's case: its social workers, coordinators and network coordinators. */
const CASE_STAFF = ['social_worker', 'coordinator', 'network_coordinator'] as const;

export const ROLES_TO = {
  /** Open a referral: the social worker who refers the person. */
  open: ['social_worker'],
  /** Amend what the referral asks (`PATCH /v1/referrals/{id}`). */
  amend: ['social_worker', 'coordinator'],
  /** Offer it to more or named specialists. */
  offer: ['coordinator', 'network_coordinator', 'social_worker'],
  close: CASE_STAFF,
  /** Answer a specialist's question. */
  answer: ['social_worker', 'coordinator'],
  /** Set the follow-up's outcome: done, or moved. */
  followUp: ['social_worker', 'coordinator'],
  /** Assign an accompanier (coordinators), or take it (an accompanier, for themselves). */
  accompany: ['coordinator', 'network_coordinator', 'accompanier'],
  /** The accompanier's own steps: leaving the meeting point, arriving, the person absent. */
  accompanierStep: ['accompanier'],
  /** The outcome, and the person seen again after an absence: the accompanier or the case's staff. */
  accompanierOrCase: ['accompanier', ...CASE_STAFF],
  reschedule: CASE_STAFF,
  /** A person's consent withdrawal and do-not-contact. */
  person: CASE_STAFF,
  /** Erasing a person's referrals. */
  erase: ['coordinator'],
} as const satisfies Readonly<Record<string, readonly StaffRole[]>>;
