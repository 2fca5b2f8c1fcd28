import { confirmArrived } from '../../referral/transitions.ts';
import { asAccompanier, changeById } from './change-referral.ts';

/** `POST /v1/referrals/{id}/arrived`: the assigned accompanier and the person are there. Once. */
export const confirmArrival = changeById(asAccompanier, confirmArrived);
