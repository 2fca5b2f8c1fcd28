import { actorFor } from '../caller.ts';
import * as Rules from '../referral/rules/index.ts';
import { changeById } from './change-by-id.ts';

/**
 * `POST /v1/referrals/{id}/seen-again`: the person absent at the meeting point is back; the referral is
 * scheduled again, ready to be rescheduled.
 */
export const markPersonSeenAgain = changeById(
  (caller) => actorFor(caller, ['social_worker', 'accompanier', 'coordinator', 'network_coordinator']),
  Rules.markSeenAgain,
);
