import type { Instant, Specialty } from '../referral/model.ts';
import type { Absence } from './absences.ts';

/**
 * A volunteer specialist or a service desk of the network. They have no account: they are reached by
 * email and answer through signed links. Their contact details are theirs (professionals), not those of
 * the people served.
 */
export interface Specialist {
  readonly id: string;
  readonly kind: 'doctor' | 'service_desk';
  readonly displayName: string;
  readonly email: string;
  readonly specialty: Specialty;
  readonly organisation?: string;
  /** Where appointments take place by default. */
  readonly practice: string;
  /**
   * ISO 3166-1 alpha-2 country where they see people. Only referrals of organisations in that country
   * are offered to them (a person without papers cannot cross a border for a consultation); absent, they
   * take referrals from the whole network.
   */
  readonly country?: string;
  /** ISO 639-1 codes the specialist speaks. */
  readonly languages: readonly string[];
  /** Language of their emails and pages. */
  readonly locale: 'fr' | 'en' | 'de' | 'nl' | 'it';
  readonly active: boolean;
  /** Pro-bono appointments per calendar month. */
  readonly monthlyQuota: number;
  /** Not offered anything before this instant (holidays, "pause me until"). */
  readonly pausedUntil?: Instant;
  /** Periods ahead when they are away (holidays): not offered anything then. Merged, sorted, none over. */
  readonly absences?: readonly Absence[];
  /**
   * Whether an admin vetted the entry as it is. A new entry, and a change of its email, country or
   * practice, waits (`pending`) until an admin approves it; only then can offers reach it. Absent on
   * entries written before approvals existed: those count as approved (an upgrade does not take the
   * deployed directory out of matching).
   */
  readonly approval?: 'pending' | 'approved';
  /** Who made the change waiting for approval (a staff `sub`): they may not approve it themselves. */
  readonly approvalRequestedBy?: string;
  /**
   * Whether the specialist confirmed, from the link emailed to them, that `email` reaches them. A new
   * entry and a new address start unconfirmed. Absent on entries written before: confirmed.
   */
  readonly addressConfirmed?: boolean;
  /**
   * The confirmation the last address link was sent for (the link's `ref`): a new address makes a new
   * one, so the link sent to the former address no longer confirms anything.
   */
  readonly confirmationId?: string;
  /**
   * Moves by one on each change through the directory API (its ETag, the next change's If-Match). Items
   * written before versions were kept have none: they are at version 1.
   */
  readonly version?: number;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** The version of a directory item: {@link Specialist.version}, 1 when it was never versioned. */
export const specialistVersion = (s: Pick<Specialist, 'version'>): number => s.version ?? 1;

/** Approved by an admin as it is ({@link Specialist.approval}; entries from before approvals: yes). */
export const isApproved = (s: Pick<Specialist, 'approval'>): boolean => s.approval !== 'pending';

/** Their address confirmed from the emailed link ({@link Specialist.addressConfirmed}; from before: yes). */
export const isAddressConfirmed = (s: Pick<Specialist, 'addressConfirmed'>): boolean =>
  s.addressConfirmed !== false;

/** An organisation of the network (a street team, a drop-in, a free clinic). */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  /** The organisation's own desk contact, shown to specialists: never a person served. */
  readonly contact: { readonly email: string; readonly phone?: string };
  readonly locale: 'fr' | 'en' | 'de' | 'nl' | 'it';
  /** IANA time zone of the organisation's dates; absent on organisations stored before it existed. */
  readonly timeZone?: string;
  /** Bumped on each change through the API (If-Match); absent (0) on organisations stored before. */
  readonly version?: number;
}

/** Where organisations stored before time zones existed are: the network started in Luxembourg. */
export const DEFAULT_TIME_ZONE = 'Europe/Luxembourg';

/**
 * The zone in which everything about an organisation's referrals is shown and typed: its staff pages,
 * and the specialist's link pages and emails (the doctor types the time where the referral is, and the
 * person and the accompanier are sent for that time). Undefined (not in the directory): the default.
 */
export const organisationTimeZone = (org: Pick<Organisation, 'timeZone'> | undefined): string =>
  org?.timeZone ?? DEFAULT_TIME_ZONE;

/** Two addresses name the same mailbox when they differ only in case or surrounding blanks. */
export const normalisedEmail = (email: string): string => email.trim().toLowerCase();
