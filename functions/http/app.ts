import type { Hono } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { linkRoutes } from '../links/app.ts';
import { rescheduleLinkRoutes } from '../links/reschedule-route.ts';
import { apiDocument } from './api-document.ts';
import { createStaffApp } from './staff-app.ts';

/**
 * Everything on one origin: the staff app and the specialists' link routes. This is what `npm start`
 * and the tests serve; on AWS the two halves are separate functions behind one HTTP API.
 * `deps` comes from the composition root, so tests and the local runtime pass their own.
 */
export function createApp(deps: Deps): Hono {
  const app = createStaffApp(deps, { apiDocument });
  app.route('/o', linkRoutes(deps));
  app.route('/o', rescheduleLinkRoutes(deps));
  return app;
}
