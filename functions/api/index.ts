import { handle } from 'hono/aws-lambda';
import { createJwksStaffVerifier } from '../adapters/tokens/staff-tokens.ts';
import { createStaffApp } from '../http/staff-app.ts';
import { failingWithoutSecrets, lambdaDeps } from '../lib/lambda-deps.ts';
import { builtApiDocument } from './built-api-document.ts';

// Built once per container, outside the handler: clients, keys and the app are reused across requests.
// Staff tokens are verified with jose against the issuer named in the staff-auth secret.
const deps = lambdaDeps({ staffVerifier: (auth) => createJwksStaffVerifier(auth) });
const app = createStaffApp(deps, { apiDocument: builtApiDocument });

/** API Gateway HTTP API (payload v2) → the staff app (`/o/*` is routed to the links function). */
export const handler = failingWithoutSecrets(handle(app), deps.secretsRead);
