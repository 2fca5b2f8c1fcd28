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
   * Moves by one on each change through the directory API (its ETag, the next change's If-Match). Items
   * written before versions were kept have none: they are at version 1.
   */
  readonly version?: number;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** The version of a directory item: {@link Specialist.version}, 1 when it was never versioned. */
export const specialistVersion = (s: Pick<Specialist, 'version'>): number => s.version ?? 1;

/** An organisation of the network (a street team, a drop-in, a free clinic). */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  /** The organisation's own desk contact, shown to specialists: never a person served. */
  readonly contact: { readonly email: string; readonly phone?: string };
  readonly locale: 'fr' | 'en' | 'de' | 'nl' | 'it';
}

/** Two addresses name the same mailbox when they differ only in case or surrounding blanks. */
export const normalisedEmail = (email: string): string => email.trim().toLowerCase();
