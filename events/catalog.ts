import * as z from 'zod/mini';
import { defineEvent } from './envelope.ts';

/*
 * The event catalogue: one contract per detail-type, at version 1. Producers (the domain through the
 * store) and consumers (notify, project) both parse with these schemas, and infra rule patterns name
 * these detail-types, so an event name is written once, here.
 */

const id = z.string().check(z.minLength(1), z.maxLength(64));
const instant = z.iso.datetime({ offset: true });

export const referralOpened = defineEvent('referral.opened', 1, () =>
  z.strictObject({
    specialty: z.string(),
    urgency: z.enum(['routine', 'soon', 'urgent']),
    accompanimentRequired: z.boolean(),
  }),
);
export const offerSent = defineEvent('offer.sent', 1, () =>
  z.strictObject({ offerId: id, specialistId: id, expiresAt: instant }),
);
export const offerDeclined = defineEvent('offer.declined', 1, () =>
  z.strictObject({
    offerId: id,
    specialistId: id,
    reason: z.enum(['no_capacity', 'not_my_specialty', 'dates_impossible', 'needs_documents', 'other']),
  }),
);
export const offerExpired = defineEvent('offer.expired', 1, () =>
  z.strictObject({ offerId: id, specialistId: id }),
);
export const offerWithdrawn = defineEvent('offer.withdrawn', 1, () =>
  z.strictObject({
    offerId: id,
    specialistId: id,
    /** `undeliverable`: mail to the specialist bounced or was reported as spam (functions/bounces). */
    why: z.enum(['taken', 'closed', 'on_hold', 'undeliverable']),
  }),
);
export const infoRequested = defineEvent('offer.info_requested', 1, () =>
  z.strictObject({ offerId: id, specialistId: id }),
);
export const infoProvided = defineEvent('referral.info_provided', 1, () => z.strictObject({ offerId: id }));
export const candidatesExhausted = defineEvent('referral.candidates_exhausted', 1, () => z.strictObject({}));
export const appointmentScheduled = defineEvent('appointment.scheduled', 1, () =>
  z.strictObject({ offerId: id, specialistId: id, at: instant }),
);
export const appointmentRescheduled = defineEvent('appointment.rescheduled', 1, () =>
  z.strictObject({ specialistId: id, at: instant, previousAt: instant }),
);
export const returnedWithAdvice = defineEvent('referral.returned_with_advice', 1, () =>
  z.strictObject({ offerId: id, specialistId: id }),
);
export const accompanimentAssigned = defineEvent('accompaniment.assigned', 1, () =>
  z.strictObject({ accompanierId: id, previousAccompanierId: z.optional(id) }),
);
export const departed = defineEvent('accompaniment.departed', 1, () => z.strictObject({ accompanierId: id }));
export const arrived = defineEvent('accompaniment.arrived', 1, () => z.strictObject({ accompanierId: id }));
export const outcomeRecorded = defineEvent('outcome.recorded', 1, () =>
  z.strictObject({ attended: z.boolean(), followUpDueAt: z.optional(instant) }),
);
/**
 * The follow-up set with an outcome was done (`done: true`), or moved to `dueAt`; `previousDueAt` is the
 * date it replaced, when one was pending.
 */
export const followUpRecorded = defineEvent('follow_up.recorded', 1, () =>
  z.strictObject({ done: z.boolean(), dueAt: z.optional(instant), previousDueAt: z.optional(instant) }),
);
/**
 * The referring organisation amended what it said when opening: which fields changed
 * (never their values: the reason is free text). Urgency, languages and interpreter are shown to the
 * specialists offered next and on the link pages as they are now.
 */
export const referralAmended = defineEvent(
  'referral.amended',
  1,
  // One flag per field that changed, so that the timeline entry (flat detail) names them too.
  () =>
    z.strictObject({
      urgency: z.optional(z.literal(true)),
      languages: z.optional(z.literal(true)),
      interpreterNeeded: z.optional(z.literal(true)),
      accompanimentRequired: z.optional(z.literal(true)),
      reason: z.optional(z.literal(true)),
    }),
);
export const personAbsent = defineEvent('person.absent', 1, () => z.strictObject({}));
export const personSeenAgain = defineEvent('person.seen_again', 1, () => z.strictObject({}));
/** The person is to be contacted through the organisation only: specialists are told so. */
export const personDoNotContact = defineEvent('person.do_not_contact', 1, () => z.strictObject({}));
/** A coordinator lifted it: the person may be contacted directly again. */
export const personDoNotContactLifted = defineEvent('person.do_not_contact_lifted', 1, () =>
  z.strictObject({}),
);
export const referralClosed = defineEvent('referral.closed', 1, () =>
  z.strictObject({
    reason: z.enum(['completed', 'cancelled', 'withdrawn', 'returned_with_advice', 'lost_contact']),
  }),
);

/*
 * Timers (functions/sweep): a deadline that passed, recorded on the referral's timeline with its key so
 * that it fires once (domain/timers/pending.ts). Escalations are projected onto the coordinator board
 * from `escalation.raised`; a climb, an acknowledgement or a resolution is written on the escalation
 * item and published from there.
 */
const deadline = z.string().check(z.minLength(1), z.maxLength(128));
const escalationKind = z.enum([
  'candidates_exhausted',
  'no_accompanier',
  'arrival_unconfirmed',
  'outcome_missing',
  'follow_up_due',
  'question_unanswered',
  'absence_unresolved',
]);
const escalationLevel = z.enum(['assignee', 'org_coordinator', 'network_coordinator']);
/** A reminder is due before a deadline: the specialist of a pending offer, or the accompanier. */
export const reminderDue = defineEvent('reminder.due', 1, () =>
  z.strictObject({
    deadline,
    kind: z.enum(['specialist', 'accompanier']),
    offerId: z.optional(id),
    specialistId: z.optional(id),
    accompanierId: z.optional(id),
  }),
);
/** An escalation was raised (new, with `deadline`) or climbed a level (same id, no `deadline`). */
export const escalationRaised = defineEvent('escalation.raised', 1, () =>
  z.strictObject({
    escalationId: id,
    kind: escalationKind,
    level: escalationLevel,
    urgency: z.enum(['routine', 'soon', 'urgent']),
    deadline: z.optional(deadline),
  }),
);
export const escalationAcknowledged = defineEvent('escalation.acknowledged', 1, () =>
  z.strictObject({ escalationId: id, kind: escalationKind }),
);
export const escalationResolved = defineEvent('escalation.resolved', 1, () =>
  z.strictObject({ escalationId: id, kind: escalationKind }),
);

/*
 * The directory: events of a specialist's entry, published from the entry's item like a referral's.
 * They are about no referral: their envelope's `referralId` names the specialist they are about.
 */
/**
 * A new entry, or an entry whose email changed: the specialist is sent a link to confirm the address
 * (`confirmationId` is the link's; an earlier link no longer confirms anything).
 */
export const specialistAddressToConfirm = defineEvent('specialist.address_to_confirm', 1, () =>
  z.strictObject({ specialistId: id, confirmationId: id }),
);

export const CATALOG = [
  referralOpened,
  offerSent,
  offerDeclined,
  offerExpired,
  offerWithdrawn,
  infoRequested,
  infoProvided,
  candidatesExhausted,
  appointmentScheduled,
  appointmentRescheduled,
  returnedWithAdvice,
  accompanimentAssigned,
  departed,
  arrived,
  outcomeRecorded,
  followUpRecorded,
  referralAmended,
  personAbsent,
  personSeenAgain,
  personDoNotContact,
  personDoNotContactLifted,
  referralClosed,
  reminderDue,
  escalationRaised,
  escalationAcknowledged,
  escalationResolved,
  specialistAddressToConfirm,
] as const;

type Contract = (typeof CATALOG)[number];
/** Any event of the catalogue, discriminated by `type`. */
export type RelaisEvent = z.infer<Contract['schema']>;
export type EventType = Contract['type'];
export type EventOf<T extends EventType> = Extract<RelaisEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

export const EVENT_TYPES = CATALOG.map((c) => c.type) as EventType[];

const byType = new Map<string, Contract>(CATALOG.map((c) => [c.type, c]));

/** Parses an event (from the stream, EventBridge or a test) against its contract; throws on anything else. */
export function parseEvent(input: unknown): RelaisEvent {
  const type = (input as { type?: unknown } | null)?.type;
  const contract = typeof type === 'string' ? byType.get(type) : undefined;
  if (!contract) throw new Error(`unknown event type`);
  return contract.schema.parse(input) as RelaisEvent;
}
