import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireText } from '../guards.ts';
import { type Referral, SPECIALTIES, type Specialty, URGENCIES, type Urgency } from '../model.ts';
import { makeEvent, toTimelineEntry } from '../transition.ts';

export interface OpenReferralInput {
  readonly pseudonym: string;
  readonly need: { readonly specialty: Specialty };
  readonly urgency: Urgency;
  /** Kept inside Relais; never put in an email or an event. */
  readonly reason: string;
  readonly socialCheckDone: boolean;
  readonly consentToShare: boolean;
  readonly accompaniment: { readonly required: boolean };
  readonly languages: readonly string[];
  readonly interpreterNeeded?: boolean;
  readonly doNotContactDirectly?: boolean;
}

/** The context of the first transition also names the new referral and its referring organisation. */
export type OpenReferralContext = TransitionContext & { readonly id: string; readonly org: string };

/**
 * Opens a referral at version 1, status `open`. Refuses unless the person consented to share the
 * minimum with a specialist and the social check was done: specialised care comes after the social check.
 */
export function openReferral(input: OpenReferralInput, ctx: OpenReferralContext): Transition {
  if (input.consentToShare !== true) {
    refuse(
      'invalid_input',
      'The person must consent to share the minimum with the specialist.',
      'consentToShare',
    );
  }
  if (input.socialCheckDone !== true) {
    refuse('invalid_input', 'The social check must be done before a referral is opened.', 'socialCheckDone');
  }
  requireText(input.pseudonym, 'pseudonym', 'A pseudonym is required.');
  if (!SPECIALTIES.includes(input.need?.specialty)) {
    refuse('invalid_input', 'The need is not a known specialty or social service.', 'need.specialty');
  }
  if (!URGENCIES.includes(input.urgency)) refuse('invalid_input', 'The urgency is not known.', 'urgency');

  const actor = { role: ctx.actor.role, id: ctx.actor.id };
  const identity = { id: ctx.id, org: ctx.org };
  const opened = makeEvent(identity, ctx, 'referral.opened', {
    specialty: input.need.specialty,
    urgency: input.urgency,
    accompanimentRequired: input.accompaniment.required,
  });
  const referral: Referral = {
    ...identity,
    version: 1,
    status: 'open',
    pseudonym: input.pseudonym,
    need: { specialty: input.need.specialty },
    urgency: input.urgency,
    reason: input.reason,
    socialCheckDone: true,
    consent: { recordedBy: actor, at: ctx.now, scope: 'share_minimum_with_specialist' },
    accompaniment: { required: input.accompaniment.required },
    languages: [...input.languages],
    interpreterNeeded: input.interpreterNeeded ?? false,
    doNotContactDirectly: input.doNotContactDirectly ?? false,
    offers: [],
    counts: { absences: 0, noShows: 0 },
    createdAt: ctx.now,
    createdBy: actor,
    updatedAt: ctx.now,
    timeline: [toTimelineEntry(opened)],
  };
  return { referral, events: [opened] };
}
