import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { problemNotFound, problemOnError } from '../edge/problem.ts';
import { requestContext } from '../edge/request-context.ts';
import { securityHeaders } from '../edge/security-headers.ts';
import { failingWithoutSecrets, lambdaParts } from '../lib/lambda-deps.ts';
import { warmIntlWhileWaiting } from '../ui/intl-warm.ts';
import { linkApp } from './app.ts';
import { LINK_PARTS } from './parts.ts';

/*
 * The `links` function (ARCHITECTURE.md): only the specialists' `/o/{token}` pages and answers, so that
 * the capability URLs are served by a function that holds no staff routes. The one-machine
 * runtime serves them beside the staff app (createApp).
 */

// Built once per container, outside the handler.
// Only the stores the link app uses (parts.ts).
const deps = lambdaParts(LINK_PARTS);
const app = new Hono();
app.use(requestContext(deps.logger), securityHeaders({ deployed: true }));
app.onError(problemOnError);
app.notFound(problemNotFound);
app.route('/', linkApp(deps));

// Dates in every page: ICU starts while the process first waits on the network (ui/intl-warm.ts).
warmIntlWhileWaiting();

/** API Gateway HTTP API (payload v2) → the links app. */
export const handler = failingWithoutSecrets(handle(app), deps.secretsRead);
