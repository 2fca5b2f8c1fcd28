import { confirmDeparted } from '../../referral/transitions.ts';
import { asAccompanier, changeById } from './change-referral.ts';

/** `POST /v1/referrals/{id}/departed`: the assigned accompanier left with the person. Once. */
export const confirmDeparture = changeById(asAccompanier, confirmDeparted);
