import type { Hono } from 'hono';
import { apiDocument } from '../functions/contract/api-document.ts';
import { createStaffApp } from '../functions/http/staff-app.ts';
import type { Deps } from '../functions/lib/deps.ts';
import { linkApp } from '../functions/links/app.ts';
import { eventDocument } from '../functions/standards/asyncapi/event-document.ts';

/**
 * Everything on one origin: the staff app and the specialists' link routes. This is what `npm start`
 * and the tests serve; on AWS the two halves are separate functions behind one HTTP API.
 * `deps` comes from the composition root, so tests and the local runtime pass their own.
 */
export function createApp(deps: Deps): Hono {
  const app = createStaffApp(deps, { apiDocument, eventDocument });
  app.route('/', linkApp(deps));
  return app;
}
