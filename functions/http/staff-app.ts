import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { problemNotFound, problemOnError } from '../edge/problem.ts';
import { requestContext } from '../edge/request-context.ts';
import { registerRoutes } from '../edge/route-declaration.ts';
import { securityHeaders } from '../edge/security-headers.ts';
import { answeringAfterWork } from '../lib/before-answer.ts';
import type { Deps } from '../lib/deps.ts';
import { recordPages, recordRoute } from './middleware/access-log.ts';
import { requireRole, staffAuth } from './middleware/staff-auth.ts';
import { accompanierPages } from './pages/accompanier/routes.tsx';
import { boardPages } from './pages/board/index.tsx';
import { directoryPages } from './pages/directory/routes.tsx';
import { frontDoor } from './pages/front-door.tsx';
import { notificationsPages } from './pages/notifications/routes.tsx';
import { organisationPages } from './pages/organisations/routes.tsx';
import { peoplePages } from './pages/people/routes.tsx';
import { socialWorkerPages } from './pages/referrals/routes.tsx';
import { sessionRoutes } from './pages/session.ts';
import { staffPages } from './pages/staff/invite.ts';
import { staffListPages } from './pages/staff/list.tsx';
import { staffRouteContext } from './routes/context.ts';
import { devRoutes } from './routes/dev.ts';
import { STAFF_ROUTES } from './routes/index.ts';

export interface StaffAppOptions {
  /**
   * The OpenAPI document served at /openapi.json. Generated from the route declarations by
   * `apiDocument` (functions/contract/api-document.ts) where their docs are at hand (`npm start`, the
   * tests); read from the file built beside the bundle in the api function, which so carries neither the
   * JSON Schema generator nor the docs and response schemas that only the document uses
   * (functions/api/built-api-document.ts, functions/edge/documented.ts).
   */
  readonly apiDocument: () => unknown;
}

/**
 * The staff app: the JSON API, the staff pages and, in local mode only, the /dev routes. On AWS it is
 * the `api` function; the specialists' `/o/{token}` routes are the `links` function, so neither bundle
 * carries the other's code.
 */
export function createStaffApp(deps: Deps, options: StaffAppOptions): Hono {
  // The trie router, named: hono's default tries its RegExp router first, which cannot take these
  // routes (`/v1/specialists/:id/approve` beside `/v1/specialists/:id`…) and only finds out by building
  // it on the first request (7-15 ms of a cold start's first request), then serves with the trie router.
  const app = new Hono({ router: new TrieRouter() });
  // Work a request leaves running (recording the staff member seen) is done before its answer leaves.
  app.use((_c, next) => answeringAfterWork(next));
  app.use(requestContext(deps.logger), securityHeaders({ deployed: !deps.dev }));
  app.onError(problemOnError);
  app.notFound(problemNotFound);

  // The JSON API, from its declarations (routes/index.ts): the same list the OpenAPI document is built from.
  app.use('/v1/*', staffAuth(deps.verifyStaff));
  // The directory in HSDS (routes/hsds.ts): personal data, behind the same staff token.
  app.use('/hsds/*', staffAuth(deps.verifyStaff));
  let document: unknown;
  const context = staffRouteContext(deps, () => {
    document ??= options.apiDocument();
    return document;
  });
  // Each route's reads and changes are recorded in the access log as it is declared (`access`).
  registerRoutes(app, STAFF_ROUTES, context, {
    gate: (roles) => requireRole(...roles),
    record: (route) => recordRoute(deps, route),
  });

  // Staff pages: sign-in sets a cookie session that the page routes check. What a page reads or changes
  // is recorded in the access log, as for the JSON routes, whichever page it is.
  app.use('/app/*', recordPages(deps));
  app.route('/', frontDoor(deps));
  app.route('/app', sessionRoutes(deps));
  app.route('/app/accompaniments', accompanierPages(deps));
  // Each caller's view of a referral: the referring organisation's pages, the accompanier's rendering otherwise.
  app.route('/app/referrals', socialWorkerPages(deps));
  app.route('/app/people', peoplePages(deps));
  app.route('/app/board', boardPages(deps));
  app.route('/app/directory', directoryPages(deps));
  app.route('/app/notifications', notificationsPages(deps));
  // `/app/staff` (coordinators) and `/app/staff/invite` (administrators), each guarding its own path.
  app.route('/app/staff', staffListPages(deps));
  app.route('/app/staff', staffPages(deps));
  app.route('/app/organisations', organisationPages(deps));

  // The dev routes exist only when the one-machine runtime passes its hooks: never when deployed.
  if (deps.dev) app.route('/dev', devRoutes(deps.dev));
  return app;
}
