import type { StaffRole } from '../../domain/referral/model.ts';

/** A staff member an administrator invites: their address, organisation and roles. */
export interface StaffInvitation {
  readonly email: string;
  readonly org: string;
  readonly roles: readonly StaffRole[];
}

/**
 * Inviting staff from the admin pages. Deployed, the identity provider creates the account and emails
 * the invitation (Cognito AdminCreateUser, through SES from the organisation's domain); locally the dev
 * sign-in gains the user and the invitation lands in the outbox.
 */
export interface StaffInvitations {
  /** Resolves to `invited`, or `exists` when the address already has an account (nothing is sent). */
  invite(invitation: StaffInvitation): Promise<'invited' | 'exists'>;
}
