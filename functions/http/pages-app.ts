import type { Hono } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { problemNotFound } from '../edge/problem.ts';
import { recordPages } from './middleware/access-log.ts';
import { accompanierPages } from './pages/accompanier/routes.tsx';
import { boardPages } from './pages/board/index.tsx';
import { directoryPages } from './pages/directory/routes.tsx';
import { pageOnError } from './pages/error-page.tsx';
import { frontDoor } from './pages/front-door.tsx';
import { notificationsPages } from './pages/notifications/routes.tsx';
import { organisationPages } from './pages/organisations/routes.tsx';
import { peoplePages } from './pages/people/routes.tsx';
import { socialWorkerPages } from './pages/referrals/routes.tsx';
import { sessionRoutes } from './pages/session.ts';
import { staffPages } from './pages/staff/invite.ts';
import { staffListPages } from './pages/staff/list.tsx';
import type { PagesAppDeps } from './pages-parts.ts';
import { staffBase } from './staff-base.ts';

/**
 * The staff pages on `app`: `/` (the front door) and `/app/*`. Sign-in sets a cookie session that the
 * page routes check. What a page reads or changes is recorded in the access log, as for the JSON
 * routes, whichever page it is.
 */
export function mountPages(app: Hono, deps: PagesAppDeps): void {
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
  // A page address that is no page (mistyped, a form's POST address opened again, a bookmark of one):
  // the error page in the staff member's language, as every refusal of a page is, never a JSON problem.
  const errorPage = pageOnError(deps);
  app.notFound((c) =>
    c.req.path.startsWith('/app/')
      ? errorPage(new DomainError('not_found', 'No such page.'), c)
      : problemNotFound(c),
  );
}

/** The staff pages alone: the `web` function (the JSON API is the `api` function's, api-app.ts). */
export function createPagesApp(deps: PagesAppDeps): Hono {
  const app = staffBase(deps);
  mountPages(app, deps);
  return app;
}
