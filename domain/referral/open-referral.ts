import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { DomainError } from '../errors.ts';
import { planOffers } from '../matching/offer-slots.ts';
import type { Referral } from './model.ts';
import { type OpenReferralInput, openReferral as open } from './rules/index.ts';

export interface OpenReferralRequest {
  readonly input: OpenReferralInput;
  /** Offer at once to the first candidates (default on). */
  readonly autoOffer: boolean;
  /** The id to create under; derived from the Idempotency-Key when one was sent. */
  readonly id: string;
  readonly idempotent: boolean;
}

/**
 * Opens a referral and, unless told not to, offers it to the first candidates — in one write, so a
 * referral is never saved open with offers that were never recorded. With an Idempotency-Key the id is
 * derived from the key: a repeat (or ten concurrent repeats) finds the one referral created, and
 * returns it when the body was the same.
 */
export async function openReferral(
  deps: UseCaseDeps,
  caller: Caller,
  req: OpenReferralRequest,
): Promise<{ referral: Referral; created: boolean }> {
  const ctx = transitionContext(deps, actorFor(caller, ['social_worker']));
  const opened = open(req.input, { ...ctx, id: req.id, org: caller.org });
  const t = req.autoOffer ? await planOffers(deps, opened.referral, ctx) : opened;
  const events = t === opened ? opened.events : [...opened.events, ...t.events];
  // Opening and offering are one write, so the referral starts life at version 1 either way.
  const referral = { ...t.referral, version: 1 };
  try {
    await deps.store.create({ referral, events });
    return { referral, created: true };
  } catch (err) {
    if (!(req.idempotent && err instanceof DomainError && err.kind === 'conflict')) throw err;
    const existing = await deps.store.get(req.id);
    if (!existing || existing.org !== caller.org || !sameRequest(existing, req.input)) {
      throw new DomainError(
        'invalid_state',
        'This Idempotency-Key was already used with a different request.',
      );
    }
    return { referral: existing, created: false };
  }
}

function sameRequest(r: Referral, i: OpenReferralInput): boolean {
  return (
    r.pseudonym === i.pseudonym &&
    r.need.specialty === i.need.specialty &&
    r.urgency === i.urgency &&
    r.reason === i.reason &&
    r.accompaniment.required === i.accompaniment.required &&
    r.languages.join(',') === i.languages.join(',')
  );
}
