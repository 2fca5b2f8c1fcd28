import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/app.ts';
import { lambdaDeps } from '../lib/lambda-deps.ts';

// Built once per container, outside the handler: clients, keys and the app are reused across requests.
const app = createApp(await lambdaDeps());

/** API Gateway HTTP API (payload v2) → the hono app. */
export const handler = handle(app);
