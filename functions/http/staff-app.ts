import { Hono } from 'hono';
import { problemNotFound, problemOnError } from '../edge/problem.ts';
import { requestContext } from '../edge/request-context.ts';
import { securityHeaders } from '../edge/security-headers.ts';
import type { Deps } from '../lib/deps.ts';
import { staffAuth } from './middleware/staff-auth.ts';
import { accompanierPages, referralPages } from './pages/accompanier/routes.ts';
import { boardPages } from './pages/board/index.ts';
import { sessionRoutes } from './pages/session.ts';
import { accompanimentRoutes } from './routes/accompaniment.ts';
import { answerRoutes } from './routes/answers.ts';
import { devRoutes } from './routes/dev.ts';
import { escalationRoutes } from './routes/escalations.ts';
import { meRoutes } from './routes/me.ts';
import { peopleRoutes } from './routes/people.ts';
import { referralRoutes } from './routes/referrals.ts';
import { specialistRoutes } from './routes/specialists.ts';
import { statsRoutes } from './routes/stats.ts';

export interface StaffAppOptions {
  /**
   * The OpenAPI document served at /openapi.json. Generated from the route schemas by `apiDocument`
   * (api-document.ts) where the schemas are at hand (`npm start`, the tests); read from the file built
   * beside the bundle in the api function, which so carries neither the JSON Schema generator nor the
   * response schemas that only the document uses (functions/api/built-api-document.ts).
   */
  readonly apiDocument: () => unknown;
}

/**
 * The staff app: the JSON API, the staff pages and, in local mode only, the /dev routes. On AWS it is
 * the `api` function; the specialists' `/o/{token}` routes are the `links` function, so neither bundle
 * carries the other's code.
 */
export function createStaffApp(deps: Deps, options: StaffAppOptions): Hono {
  const app = new Hono();
  app.use(requestContext(deps.logger), securityHeaders());
  app.onError(problemOnError);
  app.notFound(problemNotFound);

  app.get('/health', (c) => c.json({ status: 'ok' }));
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= options.apiDocument();
    return c.json(document);
  });

  app.use('/v1/*', staffAuth(deps.verifyStaff));
  app.route('/v1/referrals', referralRoutes(deps));
  app.route('/v1/referrals', answerRoutes(deps));
  app.route('/v1/referrals', accompanimentRoutes(deps));
  app.route('/v1/people', peopleRoutes(deps));
  app.route('/v1/me', meRoutes(deps));
  app.route('/v1/specialists', specialistRoutes(deps));
  app.route('/v1/escalations', escalationRoutes(deps));
  app.route('/v1/stats', statsRoutes(deps));

  // Staff pages: sign-in sets a cookie session that the page routes check.
  app.route('/app', sessionRoutes(deps));
  app.route('/app/accompaniments', accompanierPages(deps));
  app.route('/app/referrals', referralPages(deps));
  app.route('/app/board', boardPages(deps));

  // The dev routes exist only when the one-machine runtime passes its hooks: never when deployed.
  if (deps.dev) app.route('/dev', devRoutes(deps.dev));
  return app;
}
