/*
 * The referral state machine: pure functions `(referral, input, ctx) => { referral, events }`, one use
 * case per file. Each change bumps the version by one, sets updatedAt, emits at least one event of the
 * catalogue and leaves one timeline entry per event; a repeat of something already done returns the
 * referral unchanged with no event; anything not allowed throws a DomainError.
 */

export { invariantViolations } from '../invariants.ts';
export { toTimelineEntry } from '../transition.ts';
export { type AcceptOfferInput, acceptOffer } from './accept-offer.ts';
export {
  AMENDABLE_FIELDS,
  type AmendableField,
  type AmendReferralInput,
  amendReferral,
} from './amend-referral.ts';
export { type AssignAccompanierInput, assignAccompanier } from './assign-accompanier.ts';
export { closeReferral } from './close-referral.ts';
export { confirmArrived } from './confirm-arrived.ts';
export { confirmDeparted } from './confirm-departed.ts';
export { type DeclineOfferInput, declineOffer } from './decline-offer.ts';
export { expireOffer } from './expire-offer.ts';
export { liftDoNotContact } from './lift-do-not-contact.ts';
export { markAbsent } from './mark-absent.ts';
export { markCandidatesExhausted } from './mark-candidates-exhausted.ts';
export { markDoNotContact } from './mark-do-not-contact.ts';
export { appointmentAhead, canBeSeenAgain, markSeenAgain } from './mark-seen-again.ts';
export { askedAlready, askedBefore, type OfferRequest, offerable, offerTo } from './offer-to.ts';
export { type OpenReferralContext, type OpenReferralInput, openReferral } from './open-referral.ts';
export { type ProvideInfoInput, provideInfo } from './provide-info.ts';
export {
  followUpMovable,
  followUpPending,
  type RecordFollowUpInput,
  recordFollowUp,
} from './record-follow-up.ts';
export { type RecordOutcomeInput, recordOutcome } from './record-outcome.ts';
export { type RequestMoreInfoInput, requestMoreInfo } from './request-more-info.ts';
export { type RescheduleInput, reschedulable, reschedule } from './reschedule.ts';
export { type ReturnWithAdviceInput, returnWithAdvice } from './return-with-advice.ts';
export { withdrawConsent } from './withdraw-consent.ts';
export { withdrawUndeliverable } from './withdraw-undeliverable.ts';
