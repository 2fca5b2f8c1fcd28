import type { Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { problemNotFound, problemOnError } from '../edge/problem.ts';
import { requestContext } from '../edge/request-context.ts';
import { securityHeaders } from '../edge/security-headers.ts';
import { answeringAfterWork } from '../lib/before-answer.ts';
import type { Deps } from '../lib/deps.ts';

/**
 * What every staff request goes through, whether the JSON API (api-app.ts), the pages (pages-app.ts) or
 * both in one process (staff-app.ts) serve it: request context, security headers, problem answers.
 */
export function staffBase(deps: Pick<Deps, 'logger' | 'dev'>): Hono {
  // The trie router, named: hono's default tries its RegExp router first, which cannot take the staff
  // routes (`/v1/specialists/:id/approve` beside `/v1/specialists/:id`…) and only finds out by building it
  // on the first request (7-15 ms of a cold start's first request), then serves with the trie router.
  // `HonoBase`, the class `Hono` extends only to choose that default router: so the api's bundle holds
  // neither the RegExp router nor the router choosing between the two (4 KB).
  const app: Hono = new HonoBase({ router: new TrieRouter() });
  // Work a request leaves running (recording the staff member seen) is done before its answer leaves.
  app.use((_c, next) => answeringAfterWork(next));
  app.use(requestContext(deps.logger), securityHeaders({ deployed: !deps.dev }));
  app.onError(problemOnError);
  app.notFound(problemNotFound);
  return app;
}
