import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { offerMore } from '../matching/offer-slots.ts';
import { writeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import type { Referral } from './model.ts';
import * as Rules from './rules/index.ts';
import { combine, unchanged } from './transition.ts';

export interface OpenReferralRequest {
  readonly input: Rules.OpenReferralInput;
  /** Offer at once to the first candidates (default on). */
  readonly autoOffer: boolean;
  /** The id to create under; derived from the Idempotency-Key when one was sent. */
  readonly id: string;
  readonly idempotent: boolean;
}

/**
 * `POST /v1/referrals`: opens a referral and, unless told not to, offers it to the first candidates — in
 * one write (version 1), so a referral is never saved open with offers that were never recorded. With an
 * Idempotency-Key the id is derived from the key: a repeat (or ten concurrent repeats) finds the one
 * referral created, and returns it when the body was the same.
 */
export async function openReferral(
  deps: UseCaseDeps,
  caller: Caller,
  req: OpenReferralRequest,
): Promise<{ referral: Referral; created: boolean }> {
  const actor = actorFor(caller, ['social_worker']);
  const { referral, written } = await writeReferral(
    deps,
    req.id,
    async (existing, at) => {
      if (existing) return repeated(existing, caller, req);
      const ctx = { ...at, actor };
      const opened = Rules.openReferral(req.input, { ...ctx, id: req.id, org: caller.org });
      if (!req.autoOffer) return combine(undefined, opened);
      return combine(undefined, opened, await offerMore(deps, opened.referral, ctx));
    },
    { idIsNew: !req.idempotent },
  );
  return { referral, created: written };
}

/** A referral found under the id: the same request again (idempotent) changes nothing; else refused. */
function repeated(existing: Referral, caller: Caller, req: OpenReferralRequest) {
  if (!req.idempotent) return refuse('conflict', 'A referral with this id exists already.');
  if (existing.org !== caller.org || !sameRequest(existing, req.input)) {
    return refuse('invalid_state', 'This Idempotency-Key was already used with a different request.');
  }
  return unchanged(existing);
}

function sameRequest(r: Referral, i: Rules.OpenReferralInput): boolean {
  return (
    r.pseudonym === i.pseudonym &&
    r.need.specialty === i.need.specialty &&
    r.urgency === i.urgency &&
    r.reason === i.reason &&
    r.accompaniment.required === i.accompaniment.required &&
    r.languages.join(',') === i.languages.join(',')
  );
}
