import * as Rules from '../referral/rules/index.ts';
import { asAccompanier, changeById } from './change-by-id.ts';

/** `POST /v1/referrals/{id}/departed`: the assigned accompanier left with the person. Once. */
export const confirmDeparture = changeById(asAccompanier, Rules.confirmDeparted);
