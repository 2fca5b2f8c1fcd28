import { asAccompanier, changeById } from '../referral/change-referral.ts';
import { confirmArrived } from '../referral/rules/index.ts';

/** `POST /v1/referrals/{id}/arrived`: the assigned accompanier and the person are there. Once. */
export const confirmArrival = changeById(asAccompanier, confirmArrived);
