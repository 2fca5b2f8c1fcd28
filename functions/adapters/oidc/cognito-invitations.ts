import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StaffInvitation, StaffInvitations } from '../../ports/staff-invitations.ts';

/**
 * Invitations in the Cognito user pool (deployed): AdminCreateUser with the address (verified: the
 * administrator vouches for it) and `custom:org`, then one group per role (the pre-token trigger turns
 * them into the `roles` claim, functions/staff-claims). Cognito emails the temporary password through
 * the pool's SES sender, from the organisation's domain (infra/constructs/staff-identity.ts); the new
 * member then signs in with the hosted UI, sets a password and a TOTP app.
 */
export function createCognitoInvitations(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): StaffInvitations {
  return {
    async invite(invitation: StaffInvitation) {
      const username = invitation.email.toLowerCase();
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: username },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:org', Value: invitation.org },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof UsernameExistsException) return 'exists';
        throw error;
      }
      for (const role of new Set(invitation.roles)) {
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }),
        );
      }
      return 'invited';
    },
  };
}
