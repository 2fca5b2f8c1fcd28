/**
 * The referral aggregate: what Relais knows about one person's path to one specialist or service.
 * Pure data. No name, phone, email or identity number of the person is ever part of it: the person is
 * known only by the pseudonym the outreach worker and they agreed on.
 */

export const STATUSES = [
  'open',
  'offered',
  'on_hold',
  'scheduled',
  'departed',
  'arrived',
  'attended',
  'no_show',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses from which nothing moves any more. */
export const FINAL_STATUSES: readonly Status[] = ['closed'];

export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const MEDICAL_SPECIALTIES = [
  'general_medicine',
  'ophthalmology',
  'dental',
  'cardiology',
  'dermatology',
  'ent',
  'urology',
  'gastroenterology',
  'neurology',
  'orthopaedics',
  'psychiatry',
  'psychology',
  'radiology',
  'physiotherapy',
  'podiatry',
] as const;
export const SOCIAL_NEEDS = ['social_services', 'housing', 'addiction_treatment', 'legal'] as const;
export const SPECIALTIES = [...MEDICAL_SPECIALTIES, ...SOCIAL_NEEDS] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const CLOSE_REASONS = [
  'completed',
  'cancelled',
  'withdrawn',
  'returned_with_advice',
  'lost_contact',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const DECLINE_REASONS = [
  'no_capacity',
  'not_my_specialty',
  'dates_impossible',
  'needs_documents',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const STAFF_ROLES = [
  'social_worker',
  'accompanier',
  'coordinator',
  'network_coordinator',
  'admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Who did something: staff by their token's `sub`, a specialist by directory id, or the system (timers). */
export type ActorRole = StaffRole | 'specialist' | 'system';
export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
}

/** ISO 8601 timestamp with offset (we always write UTC, `Z`). */
export type Instant = string;

export const OFFER_STATES = [
  'pending',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  'more_info',
  'returned',
] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export interface Offer {
  readonly id: string;
  readonly specialistId: string;
  readonly sentAt: Instant;
  /** When the link stops working and the next candidate is offered. */
  readonly expiresAt: Instant;
  readonly state: OfferState;
  readonly answeredAt?: Instant;
  readonly declineReason?: DeclineReason;
}

export interface Appointment {
  readonly at: Instant;
  readonly place: string;
  readonly specialistId: string;
  readonly offerId: string;
}

export interface Accompaniment {
  readonly required: boolean;
  readonly accompanierId?: string;
  readonly meetingPoint?: string;
  readonly meetingAt?: Instant;
  readonly departedAt?: Instant;
  readonly arrivedAt?: Instant;
}

export interface Outcome {
  readonly attended: boolean;
  readonly recordedAt: Instant;
  readonly recordedBy: Actor;
  /** A pending follow-up (a post-op check, a result to fetch): overdue on the board once passed. */
  readonly followUpDueAt?: Instant;
  /** The follow-up was done (`POST /v1/referrals/{id}/follow-up`): no longer pending. */
  readonly followUpDone?: FollowUpDone;
  readonly note?: string;
}

/** A follow-up someone recorded as done: when, by whom, and the date it was due. */
export interface FollowUpDone {
  readonly at: Instant;
  readonly by: Actor;
  readonly dueAt: Instant;
}

export interface Consent {
  readonly recordedBy: Actor;
  readonly at: Instant;
  /** What the person agreed to share: only the minimum (specialty, urgency, languages) with the specialist. */
  readonly scope: 'share_minimum_with_specialist';
  /** Set when the person withdrew consent: the referral was closed as `withdrawn` and every link stopped. */
  readonly withdrawnAt?: Instant;
  readonly withdrawnBy?: Actor;
}

/** Why a referral waits, and what it goes back to. */
export type Hold =
  | {
      readonly reason: 'more_info';
      readonly since: Instant;
      readonly offerId: string;
      readonly specialistId: string;
      readonly question: string;
      /**
       * The other specialists whose pending offers the question withdrew: offered again with the answer
       * (they never said no). Absent on holds from before it was kept.
       */
      readonly paused?: readonly string[];
    }
  | { readonly reason: 'person_absent'; readonly since: Instant };

/**
 * A specialist's question and the worker's answer. Free text kept inside Relais, like `reason`: never put
 * in an event or a timeline entry.
 */
export interface InfoExchange {
  /** The offer on which the specialist asked. */
  readonly offerId: string;
  readonly specialistId: string;
  readonly question: string;
  readonly askedAt: Instant;
  readonly answer: string;
  readonly answeredAt: Instant;
  readonly answeredBy: Actor;
  /** The fresh offer sent to the same specialist with the answer. */
  readonly nextOfferId: string;
}

export interface TimelineEntry {
  readonly at: Instant;
  readonly actor: Actor;
  /** An event type, e.g. `referral.opened`, `offer.declined`. */
  readonly action: string;
  /** A few non-identifying facts (an offer id, a decline reason code); never free text about the person. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface Referral {
  readonly id: string;
  /** The referring organisation: the only one that ever sees this referral. */
  readonly org: string;
  readonly version: number;
  readonly status: Status;
  readonly pseudonym: string;
  readonly need: { readonly specialty: Specialty };
  readonly urgency: Urgency;
  /** Kept inside Relais; never put in an email or an event. */
  readonly reason: string;
  readonly socialCheckDone: boolean;
  readonly consent: Consent;
  readonly accompaniment: Accompaniment;
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  /** Contact goes through the organisation only. */
  readonly doNotContactDirectly: boolean;
  readonly offers: readonly Offer[];
  readonly appointment?: Appointment;
  readonly outcome?: Outcome;
  readonly closeReason?: CloseReason;
  readonly advice?: string;
  readonly hold?: Hold;
  /** Questions asked by specialists and the answers given, oldest first. */
  readonly exchanges?: readonly InfoExchange[];
  /** When the last search found no candidate left; cleared by the next offer. */
  readonly candidatesExhaustedAt?: Instant;
  /** Absences at the meeting point and no-shows at the specialist are counted apart. */
  readonly counts: { readonly absences: number; readonly noShows: number };
  readonly createdAt: Instant;
  readonly createdBy: Actor;
  readonly updatedAt: Instant;
  readonly timeline: readonly TimelineEntry[];
}
