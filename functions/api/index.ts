import { handle } from 'hono/aws-lambda';
import { createJwksStaffVerifier } from '../adapters/tokens/staff-tokens.ts';
import { createApiApp } from '../http/api-app.ts';
import { API_PARTS } from '../http/api-parts.ts';
import { failingWithoutSecrets, lambdaParts } from '../lib/lambda-deps.ts';
import { builtApiDocument, builtEventDocument } from './built-api-document.ts';

// Built once per container, outside the handler: clients, keys and the app are reused across requests.
// Staff tokens are verified with jose against the issuer named in the staff-auth secret. The staff
// pages, their sign-in and the invitations are the `web` function's (functions/web).
const deps = lambdaParts(API_PARTS, { staffVerifier: (auth) => createJwksStaffVerifier(auth) });
const app = createApiApp(deps, { apiDocument: builtApiDocument, eventDocument: builtEventDocument });

/** API Gateway HTTP API (payload v2) → the JSON API (`/app/*` goes to web, `/o/*` to links). */
export const handler = failingWithoutSecrets(handle(app), deps.secretsRead);
