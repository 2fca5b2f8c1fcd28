import { markSeenAgain } from '../../referral/transitions.ts';
import { actorFor } from '../context.ts';
import { changeById } from './change-referral.ts';

/**
 * `POST /v1/referrals/{id}/seen-again`: the person absent at the meeting point is back; the referral is
 * scheduled again, ready to be rescheduled.
 */
export const markPersonSeenAgain = changeById(
  (caller) => actorFor(caller, ['social_worker', 'accompanier', 'coordinator', 'network_coordinator']),
  markSeenAgain,
);
