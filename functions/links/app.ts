import { Hono } from 'hono';
import type { LinkAppDeps } from './parts.ts';
import { linkContext, linkHandler } from './pipeline.ts';
import { LINK_ROUTES } from './routes.ts';

/**
 * The specialist link app: every route of the table in routes.ts, served through the one pipeline
 * (pipeline.ts), at its full path (`/o/...`). Mounted as it is by the links function (index.ts) and by
 * the one-origin app (local/app.ts); the token in the path is the only credential.
 */
export function linkApp(deps: LinkAppDeps): Hono {
  const ctx = linkContext(deps);
  const app = new Hono();
  for (const route of LINK_ROUTES) app.on(route.method.toUpperCase(), route.path, linkHandler(ctx, route));
  return app;
}
