import * as Rules from '../referral/rules/index.ts';
import { asAccompanier, changeById } from './change-by-id.ts';

/** `POST /v1/referrals/{id}/arrived`: the assigned accompanier and the person are there. Once. */
export const confirmArrival = changeById(asAccompanier, Rules.confirmArrived);
