import type { Hono } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { mountApi, type StaffAppOptions } from './api-app.ts';
import { mountPages } from './pages-app.ts';
import { devRoutes } from './routes/dev.ts';
import { staffBase } from './staff-base.ts';

export type { StaffAppOptions } from './api-app.ts';

/**
 * The whole staff app in one process: the JSON API, the staff pages and, in local mode only, the /dev
 * routes (`npm start`, the tests). On AWS its halves are separate functions behind one HTTP API, so
 * neither bundle carries the other's code: the JSON API is the `api` function (api-app.ts), the pages
 * the `web` function (pages-app.ts), and the specialists' `/o/{token}` routes the `links` function.
 */
export function createStaffApp(deps: Deps, options: StaffAppOptions): Hono {
  const app = staffBase(deps);
  mountApi(app, deps, options);
  mountPages(app, deps);
  // The dev routes exist only when the one-machine runtime passes its hooks: never when deployed.
  if (deps.dev) app.route('/dev', devRoutes(deps.dev));
  return app;
}
