import type { StaffRole } from '../../domain/referral/model.ts';

/** A verified staff member, from the claims of their bearer token. */
export interface StaffPrincipal {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly StaffRole[];
}

/** Verifies a staff bearer token (jose); rejects with an error for anything not valid. */
export type StaffVerifier = (token: string) => Promise<StaffPrincipal>;
