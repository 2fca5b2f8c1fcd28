import type { StaffRole } from '../../domain/referral/model.ts';
import type { StaffPrincipal } from './staff.ts';

/** A staff member as Relais last saw them sign in: their roles then, and their name if the token had one. */
export interface SeenStaff {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly StaffRole[];
  /**
   * When they were last recorded (the first request of the last day they used Relais), for the staff
   * page; absent on items written before it was kept. Not part of `GET /v1/staff`.
   */
  readonly seenAt?: string;
}

/**
 * The organisation's staff as Relais has seen them (Relais keeps no staff list of its own: the identity
 * provider does). Recorded when a verified token is used, at most once a day per person, so that a
 * coordinator can choose an accompanier by name.
 */
export interface StaffSeen {
  /** Records that this person used a verified token now; cheap when already recorded today. */
  seen(principal: StaffPrincipal): Promise<void>;
  /** The organisation's staff, by sub, a page at a time; with `role`, only those holding it. */
  list(
    org: string,
    q: { readonly role?: StaffRole; readonly cursor?: string; readonly limit: number },
  ): Promise<{ readonly items: readonly SeenStaff[]; readonly nextCursor?: string }>;
}
