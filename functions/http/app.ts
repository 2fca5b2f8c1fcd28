import { Hono } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { apiDocument } from './api-document.ts';
import { requestContext } from './middleware/request-context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { sessionRoutes } from './pages/session.ts';
import { staffAuth } from './middleware/staff-auth.ts';
import { problemNotFound, problemOnError } from './problem.ts';
import { devRoutes } from './routes/dev.ts';
import { referralRoutes } from './routes/referrals.ts';
import { specialistRoutes } from './routes/specialists.ts';

/**
 * The HTTP app: staff JSON API, specialists' link pages and, in local mode only, the /dev routes.
 * `deps` comes from the composition root, so tests and the local runtime pass their own.
 */
export function createApp(deps: Deps): Hono {
  const app = new Hono();
  app.use(requestContext(deps.logger), securityHeaders());
  app.onError(problemOnError);
  app.notFound(problemNotFound);

  app.get('/health', (c) => c.json({ status: 'ok' }));
  let document: ReturnType<typeof apiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= apiDocument();
    return c.json(document);
  });

  app.use('/v1/*', staffAuth(deps.verifyStaff));
  app.route('/v1/referrals', referralRoutes(deps));
  app.route('/v1/specialists', specialistRoutes(deps));

  // Staff pages: sign-in sets a cookie session that the page routes check.
  app.route('/app', sessionRoutes(deps));

  // The dev routes exist only when the one-machine runtime passes its hooks: never when deployed.
  if (deps.dev) app.route('/dev', devRoutes(deps.dev));
  return app;
}
