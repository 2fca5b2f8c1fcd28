import * as z from 'zod/mini';
import {
  CLOSE_REASONS,
  DECLINE_REASONS,
  OFFER_STATES,
  SPECIALTIES,
  STATUSES,
  URGENCIES,
} from '../../../domain/referral/model.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';
import { freeText, instant, noContactData } from '../../edge/validation.ts';

/*
 * The referral API's shapes, once: the routes parse with them and /openapi.json is generated from them.
 * Every object is strict at every depth (an unknown key is a 400).
 */

/** The form of a pseudonym agreed with the person: letters, digits and dashes, never a name with spaces. */
const pseudonymForm = () => [
  z.trim(),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'must be 2–40 letters, digits, dashes or underscores'),
];

/** A pseudonym, as a referral is found by it (a list's filter, the people routes). */
export const pseudonym = lazySchema(() => z.string().check(...pseudonymForm()));

/**
 * A pseudonym given to a new referral: nor a phone or identity number written as one (`0621-123-456`),
 * the same check as free text. Only on the way in: a pseudonym kept from before the check is still
 * found, listed and erased by `pseudonym`.
 */
export const newPseudonym = lazySchema(() => z.string().check(...pseudonymForm(), noContactData()));

/** ISO 639 language codes (2 or 3 letters). */
export const language = lazySchema(() =>
  z.string().check(z.regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as "pt"')),
);

export { instant };

/**
 * `POST /v1/referrals/{id}/follow-up`: `{ "done": true }` when the follow-up was done, or
 * `{ "dueAt": ... }` to move it (strictly ahead, within 18 months). Exactly one of the two.
 */
export const followUpBody = lazySchema(() =>
  z
    .strictObject({
      done: z.optional(z.literal(true)),
      dueAt: z.optional(instant),
    })
    .check(z.meta({ id: 'FollowUp' })),
);

export const openReferralBody = lazySchema(() =>
  z.strictObject({
    pseudonym: newPseudonym,
    need: z.strictObject({ specialty: z.enum(SPECIALTIES) }),
    urgency: z.enum(URGENCIES),
    reason: freeText({ max: 500 }),
    socialCheckDone: z.boolean(),
    consentToShare: z.boolean(),
    accompaniment: z.strictObject({ required: z.boolean() }),
    languages: z.array(language).check(z.minLength(1), z.maxLength(8)),
    interpreterNeeded: z.optional(z.boolean()),
    doNotContactDirectly: z.optional(z.boolean()),
    autoOffer: z.optional(z.boolean()),
  }),
);
export type OpenReferralBody = z.infer<typeof openReferralBody>;

/**
 * `PATCH /v1/referrals/{id}`: what the referring organisation may amend after opening; at least one
 * field. `reason` passes the same contact-data guard as when opening.
 */
export const amendReferralBody = lazySchema(() =>
  z
    .strictObject({
      urgency: z.optional(z.enum(URGENCIES)),
      languages: z.optional(z.array(language).check(z.minLength(1), z.maxLength(8))),
      interpreterNeeded: z.optional(z.boolean()),
      accompaniment: z.optional(z.strictObject({ required: z.boolean() })),
      reason: z.optional(freeText({ max: 500 })),
    })
    .check(z.meta({ id: 'AmendReferral' })),
);
export type AmendReferralBody = z.infer<typeof amendReferralBody>;

export const closeReferralBody = lazySchema(() => z.strictObject({ reason: z.enum(CLOSE_REASONS) }));

export const offerBody = lazySchema(() =>
  z.strictObject({
    specialistIds: z.optional(
      z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10)),
    ),
  }),
);

// Built at load, not on first use: the pages' download reads its fields (`.shape`).
export const listReferralsQuery = z.strictObject({
  status: z.optional(z.enum(STATUSES)),
  pseudonym: z.optional(pseudonym),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
});

const actor = lazySchema(() => z.strictObject({ role: z.string(), id: z.string() }));

/** Why a referral waits, and what it goes back to. */
const hold = lazySchema(() =>
  z.union([
    z.object({
      reason: z.literal('more_info'),
      since: instant,
      offerId: z.string(),
      specialistId: z.string(),
      /** The specialist's question, until the worker answers it. */
      question: z.string(),
    }),
    z.object({ reason: z.literal('person_absent'), since: instant }),
  ]),
);

/** The referral as the referring organisation reads it (views/referral-view.ts is typed by it). */
/** The accompaniment as every referral view shows it (the referring organisation's, the coordination view). */
export const accompanimentFields = () =>
  z.object({
    required: z.boolean(),
    accompanierId: z.nullable(z.string()),
    meetingPoint: z.optional(z.string()),
    meetingAt: z.optional(instant),
    departedAt: z.optional(instant),
    arrivedAt: z.optional(instant),
  });

/** The appointment as every referral view shows it. */
export const appointmentFields = () => z.object({ at: instant, place: z.string(), specialistId: z.string() });

export const referralViewSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    id: z.string(),
    status: z.enum(STATUSES),
    version: z.int(),
    pseudonym: z.string(),
    need: z.object({ specialty: z.enum(SPECIALTIES) }),
    urgency: z.enum(URGENCIES),
    reason: z.string(),
    socialCheckDone: z.boolean(),
    consent: z.object({
      recordedBy: actor,
      at: instant,
      scope: z.string(),
      /** Set when the person withdrew consent (the referral was closed as `withdrawn`). */
      withdrawnAt: z.optional(instant),
      withdrawnBy: z.optional(actor),
    }),
    languages: z.array(z.string()),
    interpreterNeeded: z.boolean(),
    doNotContactDirectly: z.boolean(),
    accompaniment: accompanimentFields(),
    appointment: z.optional(appointmentFields()),
    offers: z.array(
      z.object({
        id: z.string(),
        specialistId: z.string(),
        state: z.enum(OFFER_STATES),
        sentAt: instant,
        expiresAt: instant,
        declineReason: z.optional(z.enum(DECLINE_REASONS)),
      }),
    ),
    /** Whether the person came, once recorded (by the accompanier, the worker or the specialist's link). */
    outcome: z.optional(
      z.object({
        attended: z.boolean(),
        recordedAt: instant,
        recordedBy: actor,
        followUpDueAt: z.optional(instant),
        /** Kept on the referral, never put in an email or an event. */
        note: z.optional(z.string()),
      }),
    ),
    /**
     * The follow-up set with the outcome: `pending` until its date (overdue on the board once passed) and
     * until the referral is closed, or `done` (with when) once recorded so.
     */
    followUp: z.optional(
      z.object({ dueAt: instant, state: z.enum(['pending', 'done']), doneAt: z.optional(instant) }),
    ),
    /** Why the referral is on hold, while it is. */
    hold: z.optional(hold),
    /** Questions specialists asked through their link, and the worker's answers. */
    exchanges: z.optional(
      z.array(
        z.object({
          specialistId: z.string(),
          question: z.string(),
          askedAt: instant,
          answer: z.string(),
          answeredAt: instant,
        }),
      ),
    ),
    /** A specialist's advice when no visit was needed (the referral closed as `returned_with_advice`). */
    advice: z.optional(z.string()),
    /** Absences at the meeting point and no-shows at the specialist, counted apart. */
    counts: z.object({ absences: z.int().check(z.gte(0)), noShows: z.int().check(z.gte(0)) }),
    closeReason: z.optional(z.enum(CLOSE_REASONS)),
    createdAt: instant,
    updatedAt: instant,
    timeline: z.array(
      z.object({
        at: instant,
        actor,
        action: z.string(),
        /** A few non-identifying facts (an offer id, a decline reason code); never free text. */
        detail: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
      }),
    ),
  }),
);
export type ReferralView = z.output<ReturnType<typeof referralViewSchema>>;

export const referralListSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    items: z.array(z.omit(referralViewSchema(), { timeline: true })),
    nextCursor: z.optional(z.string()),
  }),
);
