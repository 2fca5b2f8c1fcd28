import type { Specialty, Urgency } from '../../domain/referral/model.ts';
import type { Locale } from './messages.ts';
import type { NoHealthData, NoPersonData } from './no-health-data.ts';

/** Who an email goes to: a professional's own name and address, nothing about the person. */
export type SpecialistRecipient = NoHealthData<{
  readonly displayName: string;
  readonly email: string;
}>;

/** The organisation that referred the person, and how the specialist reaches it (not the person). */
export type ReferringOrg = NoHealthData<{
  readonly name: string;
  readonly contact: string;
}>;

/**
 * The minimum the person agreed to share with a specialist (PRODUCT.md, consent): what is needed, how
 * urgent, which languages, interpreter and accompaniment. Nothing else of a referral fits in here. The
 * specialist's link page shows it all; an email shows {@link MailMinimum}.
 */
export type SharedMinimum = NoPersonData<{
  readonly specialty: Specialty;
  readonly urgency: Urgency;
  /** ISO 639 codes. */
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  readonly accompanied: boolean;
  /** The person asked not to be contacted directly: contact goes through the organisation only. */
  readonly contactThroughOrganisationOnly?: boolean;
}>;

/**
 * The shared minimum as an email may show it: without the specialty, which with the person's situation
 * is health data (an email's subject shows in mail logs and on lock screens). The link says it.
 */
export type MailMinimum = NoHealthData<Omit<SharedMinimum, 'specialty'>>;

export interface Localised {
  readonly locale: Locale;
  /** IANA zone in which times are shown; defaults to Europe/Luxembourg. */
  readonly timeZone?: string;
}

/** Names the calendar event of an appointment across its invitation, changes and cancellation. */
export type CalendarRef = NoHealthData<{
  /** Stable for one appointment, e.g. `<offerId>@relais`. */
  readonly uid: string;
  /** 0 for the first invitation, then incremented on each change (and on the cancellation). */
  readonly sequence: number;
  /** DTSTAMP: the service clock. */
  readonly now?: Date;
  /** The sending address, as iTIP wants an organizer. */
  readonly organizer?: { readonly email: string; readonly name?: string };
}>;

/** Default length of an appointment in a calendar, when the specialist did not say. */
export const DEFAULT_APPOINTMENT_MINUTES = 30;
