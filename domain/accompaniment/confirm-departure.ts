import { asAccompanier, changeById } from '../referral/change-referral.ts';
import { confirmDeparted } from '../referral/rules/index.ts';

/** `POST /v1/referrals/{id}/departed`: the assigned accompanier left with the person. Once. */
export const confirmDeparture = changeById(asAccompanier, confirmDeparted);
