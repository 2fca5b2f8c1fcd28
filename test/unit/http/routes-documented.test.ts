import { describe, expect, it } from 'vitest';
import { apiDocument } from '../../../functions/contract/api-document.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createApp } from '../../../local/app.ts';

/*
 * Served and documented are the same set: every route hono serves, on the staff app and the link app
 * (both on one origin, as `npm start` serves them), is an operation of /openapi.json, and every
 * operation is served. The routes that are not in the API document are listed one by one, with why,
 * so that a new JSON route cannot slip in beside them.
 */

const PAGE = 'a staff page: HTML for people, not the JSON API';
const DEV = 'local mode only (absent when deployed): the outbox and the clock of `npm start`';
const NOT_IN_DOCUMENT: Readonly<Record<string, string>> = {
  'GET /': 'the front door: HTML for people, leading to sign-in',
  'GET /app': PAGE,
  'GET /app/': PAGE,
  'GET /app/sign-in': PAGE,
  'POST /app/sign-in': PAGE,
  'POST /app/sign-out': PAGE,
  'POST /app/language': `${PAGE}: the language setting of every page`,
  'GET /app/sign-in/start': 'the OpenID Connect sign-in: a redirect to the identity provider',
  'GET /app/sign-in/callback': 'the OpenID Connect sign-in: the provider sends the browser back here',
  'POST /app/sign-in/dev': `${PAGE}; ${DEV}`,
  'GET /app/organisations': PAGE,
  'POST /app/organisations': PAGE,
  'GET /app/organisations/{id}': PAGE,
  'POST /app/organisations/{id}': PAGE,
  'GET /app/staff': PAGE,
  'GET /app/notifications': PAGE,
  'GET /app/staff/invite': PAGE,
  'POST /app/staff/invite': PAGE,
  'GET /app/accompaniments': PAGE,
  'POST /app/accompaniments/{id}/{action}': PAGE,
  'GET /app/referrals': PAGE,
  'GET /app/referrals/new': PAGE,
  'GET /app/referrals/export.csv': `${PAGE}: the list as CSV, the same as GET /v1/referrals with text/csv`,
  'POST /app/referrals/new': PAGE,
  'GET /app/referrals/{id}': PAGE,
  'POST /app/referrals/{id}/{action}': PAGE,
  'GET /app/people': PAGE,
  'GET /app/people/{pseudonym}': PAGE,
  'GET /app/people/{pseudonym}/{action}': PAGE,
  'POST /app/people/{pseudonym}/{action}': PAGE,
  'GET /app/board': PAGE,
  'GET /app/board/stats.csv': `${PAGE}: the year’s figures as CSV, the same as GET /v1/stats with text/csv`,
  'GET /app/directory': PAGE,
  'GET /app/directory/new': PAGE,
  'POST /app/directory/new': PAGE,
  'GET /app/directory/{id}': PAGE,
  'POST /app/directory/{id}/approve': PAGE,
  'POST /app/directory/{id}/{action}': PAGE,
  'POST /app/board/escalations/{id}/ack': PAGE,
  'POST /app/board/escalations/{id}/follow-up-done': PAGE,
  'POST /app/board/escalations/{id}/reassign': PAGE,
  'POST /app/board/escalations/{id}/reoffer': PAGE,
  'GET /dev/outbox': DEV,
  'POST /dev/clock': DEV,
};

/** Deps that answer anything: building the apps reads them, serving no request here calls them. */
const anything = (): unknown =>
  new Proxy(() => anything(), { get: (_target, key) => (key === 'then' ? undefined : anything()) });

// With dev hooks (the proxy has every property), so the /dev routes are served and must be listed.
const app = createApp(anything() as Deps);
const openApiPath = (path: string) => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

const served = [
  ...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`)),
].sort();
const documented = Object.entries(apiDocument().paths)
  .flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`))
  .sort();

describe('the routes served and the API document', () => {
  it('serve every documented operation, and document every served route but the listed pages and dev routes', () => {
    expect(served.filter((r) => !(r in NOT_IN_DOCUMENT))).toEqual(documented);
  });

  it('list only routes that are served and not documented', () => {
    for (const route of Object.keys(NOT_IN_DOCUMENT)) {
      expect(served).toContain(route);
      expect(documented).not.toContain(route);
    }
  });

  it('use method ALL only for middleware, never for a route of its own', () => {
    for (const r of app.routes.filter((r) => r.method === 'ALL')) expect(r.path).toMatch(/\*$/);
  });

  it('include the staff routes and the link routes', () => {
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /openapi.json',
        'GET /v1/specialists/{id}',
        'POST /v1/referrals/{id}/offers',
        'GET /o/{token}',
        'POST /o/{token}/accept',
        'POST /o/{token}/reschedule',
      ]),
    );
  });
});
