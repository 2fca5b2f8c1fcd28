import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { handle } from 'hono/aws-lambda';
import { createCognitoInvitations } from '../adapters/oidc/cognito-invitations.ts';
import { createOidcSignIn } from '../adapters/oidc/oidc-sign-in.ts';
import { createJwksStaffVerifier } from '../adapters/tokens/staff-tokens.ts';
import { createPagesApp } from '../http/pages-app.ts';
import { PAGES_PARTS } from '../http/pages-parts.ts';
import { failingWithoutSecrets, lambdaParts } from '../lib/lambda-deps.ts';

// Built once per container, outside the handler: clients, keys and the app are reused across requests.
// A page session holds a staff token, verified with jose against the issuer named in the staff-auth
// secret. With `STAFF_SIGN_IN=oidc` the pages sign in with the same issuer (code flow, PKCE); admins
// invite staff into the Cognito pool named by `STAFF_USER_POOL_ID`: only the pages do, so only this
// function bundles the Cognito client.
const deps = lambdaParts(PAGES_PARTS, {
  staffVerifier: (auth) => createJwksStaffVerifier(auth),
  signIn: (auth) => createOidcSignIn({ issuer: auth.issuer, algorithms: auth.algorithms, ...auth.signIn! }),
  staffInvitations: (userPoolId) =>
    createCognitoInvitations(new CognitoIdentityProviderClient({}), userPoolId),
});
const app = createPagesApp(deps);

/** API Gateway HTTP API (payload v2) → the staff pages: `/` and `/app/*` (infra/constructs/http-api.ts). */
export const handler = failingWithoutSecrets(handle(app), deps.secretsRead);
