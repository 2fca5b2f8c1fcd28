import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { handle } from 'hono/aws-lambda';
import { createCognitoInvitations } from '../adapters/oidc/cognito-invitations.ts';
import { createOidcSignIn } from '../adapters/oidc/oidc-sign-in.ts';
import { createJwksStaffVerifier } from '../adapters/tokens/staff-tokens.ts';
import { createStaffApp } from '../http/staff-app.ts';
import { failingWithoutSecrets, lambdaDeps } from '../lib/lambda-deps.ts';
import { builtApiDocument } from './built-api-document.ts';

// Built once per container, outside the handler: clients, keys and the app are reused across requests.
// Staff tokens are verified with jose against the issuer named in the staff-auth secret.
// With `STAFF_SIGN_IN=oidc` the pages sign in with the same issuer (code flow, PKCE); admins invite
// staff into the Cognito pool named by `STAFF_USER_POOL_ID`.
const deps = lambdaDeps({
  staffVerifier: (auth) => createJwksStaffVerifier(auth),
  signIn: (auth) => createOidcSignIn({ issuer: auth.issuer, algorithms: auth.algorithms, ...auth.signIn! }),
  staffInvitations: (userPoolId) =>
    createCognitoInvitations(new CognitoIdentityProviderClient({}), userPoolId),
});
const app = createStaffApp(deps, { apiDocument: builtApiDocument });

/** API Gateway HTTP API (payload v2) → the staff app (`/o/*` is routed to the links function). */
export const handler = failingWithoutSecrets(handle(app), deps.secretsRead);
