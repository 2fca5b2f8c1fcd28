import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { assertNoContactData } from '../../privacy/contact-guard.ts';
import { isAfter, requireText } from '../guards.ts';
import {
  FINAL_STATUSES,
  type Instant,
  type Offer,
  type Referral,
  URGENCIES,
  type Urgency,
} from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/** What the referring organisation may amend after opening; each is kept as it was when absent. */
export interface AmendReferralInput {
  readonly urgency?: Urgency | undefined;
  readonly languages?: readonly string[] | undefined;
  readonly interpreterNeeded?: boolean | undefined;
  readonly accompaniment?: { readonly required: boolean } | undefined;
  /** Kept inside Relais; never put in an email or an event. */
  readonly reason?: string | undefined;
}

export const AMENDABLE_FIELDS = [
  'urgency',
  'languages',
  'interpreterNeeded',
  'accompaniment.required',
  'reason',
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

/** The event's flag for each field (events name fields flat, as `referral.opened` does). */
const EVENT_FIELD = {
  urgency: 'urgency',
  languages: 'languages',
  interpreterNeeded: 'interpreterNeeded',
  'accompaniment.required': 'accompanimentRequired',
  reason: 'reason',
} as const;

/**
 * Amends what the referring organisation said when opening (`PATCH /v1/referrals/{id}`). The event and
 * its timeline entry flag the fields that changed, never their values: the reason is free text and
 * stays out of events. Amending to what the referral already says changes nothing. A closed referral is
 * not amended; an accompaniment cannot be dropped while an accompanier is assigned to it (the
 * accompanier would be left holding a journey nobody asked for).
 *
 * An offer's deadline derives from the urgency: when it changes, no pending offer waits longer than
 * `offerExpiry(urgency)`, when an offer made now at the amended urgency would expire (the offer
 * planner's rule, matching/offer-slots.ts). So a referral made urgent asks the next candidates after the urgent
 * window, not the routine one; the sweep's due index and the links follow the offer's `expiresAt`. An
 * offer is never lengthened (a lower urgency keeps the deadline its email gave, and its link's token
 * expires then).
 */
export function amendReferral(
  r: Referral,
  input: AmendReferralInput,
  ctx: TransitionContext,
  offerExpiry: (urgency: Urgency) => Instant,
): Transition {
  if (FINAL_STATUSES.includes(r.status)) {
    return refuse('invalid_state', 'A closed referral cannot be amended.');
  }
  if (Object.values(input).every((v) => v === undefined)) {
    return refuse('invalid_input', 'Send at least one field to amend.', 'urgency');
  }
  if (input.urgency !== undefined && !URGENCIES.includes(input.urgency)) {
    refuse('invalid_input', 'The urgency is not known.', 'urgency');
  }
  if (input.languages !== undefined && input.languages.length === 0) {
    refuse('invalid_input', 'At least one language is needed.', 'languages');
  }
  if (input.reason !== undefined) {
    requireText(input.reason, 'reason', 'The reason cannot be empty.');
    assertNoContactData(input.reason, 'reason', new Date(ctx.now));
  }

  const languages = input.languages ? [...new Set(input.languages)] : r.languages;
  const required = input.accompaniment?.required ?? r.accompaniment.required;
  const urgency = input.urgency ?? r.urgency;
  const next: Referral = {
    ...r,
    urgency,
    offers: urgency === r.urgency ? r.offers : retimed(r.offers, offerExpiry(urgency)),
    languages,
    interpreterNeeded: input.interpreterNeeded ?? r.interpreterNeeded,
    accompaniment: { ...r.accompaniment, required },
    reason: input.reason ?? r.reason,
  };
  const differs: Readonly<Record<AmendableField, boolean>> = {
    urgency: next.urgency !== r.urgency,
    languages: next.languages.join(',') !== r.languages.join(','),
    interpreterNeeded: next.interpreterNeeded !== r.interpreterNeeded,
    'accompaniment.required': required !== r.accompaniment.required,
    reason: next.reason !== r.reason,
  };
  const fields = AMENDABLE_FIELDS.filter((f) => differs[f]);
  if (fields.length === 0) return unchanged(r);
  if (!required && r.accompaniment.accompanierId !== undefined) {
    return refuse(
      'invalid_state',
      'An accompanier is assigned: the accompaniment cannot be dropped.',
      'accompaniment.required',
    );
  }
  const changedFields = Object.fromEntries(fields.map((f) => [EVENT_FIELD[f], true as const]));
  return commit(r, next, [makeEvent(r, ctx, 'referral.amended', changedFields)], ctx);
}

/** Each pending offer due after `at` is brought forward to it; any other offer is kept as it is. */
const retimed = (offers: readonly Offer[], at: Instant): Offer[] =>
  offers.map((o) => (o.state === 'pending' && isAfter(o.expiresAt, at) ? { ...o, expiresAt: at } : o));
