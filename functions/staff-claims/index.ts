import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { STAFF_ROLES, type StaffRole } from '../../domain/referral/model.ts';

/*
 * Cognito pre-token-generation trigger (event version V2_0) of the staff user pool the CDK app creates.
 * Relais's staff tokens carry `org` and `roles` (API.md); Cognito knows them as the custom attribute
 * `custom:org` and the user's groups (one group per role). This copies them into the ID token, the
 * token staff send as `Authorization: Bearer`: it is the one whose `aud` is the app client, which both
 * the API's JWT authorizer and the api function check. Groups that are not roles are left out.
 */

const ROLES: ReadonlySet<string> = new Set(STAFF_ROLES);

export const handler = async (
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> => {
  const org = event.request.userAttributes['custom:org'];
  const roles = (event.request.groupConfiguration.groupsToOverride ?? []).filter((g): g is StaffRole =>
    ROLES.has(g),
  );
  // Without an organisation or a role the token still issues, and Relais refuses it (401): a half set-up
  // account is an administration matter, not a sign-in failure.
  const claims: Record<string, unknown> = {};
  if (org) claims['org'] = org;
  if (roles.length > 0) claims['roles'] = roles;
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: claims as Record<string, string> },
  };
  return event;
};
