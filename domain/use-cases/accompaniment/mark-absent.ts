import { markAbsent } from '../../referral/transitions.ts';
import { asAccompanier, changeById } from './change-referral.ts';

/**
 * `POST /v1/referrals/{id}/absent`: nobody at the meeting point. Not a no-show at the specialist: the
 * referral waits `on_hold` until the person is seen again, and absences are counted apart.
 */
export const markPersonAbsent = changeById(asAccompanier, markAbsent);
