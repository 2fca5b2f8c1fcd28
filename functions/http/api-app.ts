import type { Hono } from 'hono';
import { lazily } from '../../events/lazy-schema.ts';
import { registerRoutes } from '../edge/route-declaration.ts';
import type { ApiAppDeps } from './api-parts.ts';
import { recordRoute } from './middleware/access-log.ts';
import { requireRole, staffAuth } from './middleware/staff-auth.ts';
import { staffRouteContext } from './routes/context.ts';
import { STAFF_ROUTES } from './routes/index.ts';
import { staffBase } from './staff-base.ts';

export interface StaffAppOptions {
  /**
   * The OpenAPI document served at /openapi.json. Generated from the route declarations by
   * `apiDocument` (functions/contract/api-document.ts) where their docs are at hand (`npm start`, the
   * tests); read from the file built beside the bundle in the api function, which so carries neither the
   * JSON Schema generator nor the docs and response schemas that only the document uses
   * (functions/api/built-api-document.ts, functions/edge/documented.ts).
   */
  readonly apiDocument: () => unknown;
  /**
   * The AsyncAPI document served at /asyncapi.json, likewise: generated from the event catalogue by
   * `eventDocument` (functions/standards/asyncapi/event-document.ts) where it runs from source; read from
   * the file built beside the bundle in the api function, which so carries neither zod's JSON Schema
   * generator nor the catalogue's schemas, which nothing else in it parses with.
   */
  readonly eventDocument: () => unknown;
}

/**
 * The JSON API (`/v1`, `/hsds`, `/health` and the documents) on `app`, from its declarations
 * (routes/index.ts): the same list the OpenAPI document is built from.
 */
export function mountApi(app: Hono, deps: ApiAppDeps, options: StaffAppOptions): void {
  app.use('/v1/*', staffAuth(deps.verifyStaff));
  // The directory in HSDS (routes/hsds.ts): personal data, behind the same staff token.
  app.use('/hsds/*', staffAuth(deps.verifyStaff));
  const context = staffRouteContext(deps, {
    apiDocument: lazily(options.apiDocument),
    eventDocument: lazily(options.eventDocument),
  });
  // Each route's reads and changes are recorded in the access log as it is declared (`access`).
  registerRoutes(app, STAFF_ROUTES, context, {
    gate: (roles) => requireRole(...roles),
    record: (route) => recordRoute(deps, route),
  });
}

/** The JSON API alone: the `api` function (the pages are the `web` function's, pages-app.ts). */
export function createApiApp(deps: ApiAppDeps, options: StaffAppOptions): Hono {
  const app = staffBase(deps);
  mountApi(app, deps, options);
  return app;
}
