import * as Rules from '../referral/rules/index.ts';
import { asAccompanier, changeById } from './change-by-id.ts';

/**
 * `POST /v1/referrals/{id}/absent`: nobody at the meeting point. Not a no-show at the specialist: the
 * referral waits `on_hold` until the person is seen again, and absences are counted apart.
 */
export const markPersonAbsent = changeById(asAccompanier, Rules.markAbsent);
