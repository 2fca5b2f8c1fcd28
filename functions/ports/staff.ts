import type { StaffRole } from '../../domain/referral/model.ts';

/** A verified staff member, from the claims of their bearer token. */
export interface StaffPrincipal {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly StaffRole[];
  /** The token's `name` claim, when it carries one: how colleagues find this person in the staff list. */
  readonly name?: string;
}

/** Verifies a staff bearer token (jose); rejects with an error for anything not valid. */
export type StaffVerifier = (token: string) => Promise<StaffPrincipal>;
