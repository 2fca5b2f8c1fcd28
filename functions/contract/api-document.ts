import { createOpenApiRegistry, type OpenApiDocument } from '../edge/openapi.ts';
import { documentRoutes } from '../edge/route-declaration.ts';
import { STAFF_ROUTES } from '../http/routes/index.ts';
import { linkRouteDocs } from '../links/routes.ts';

/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from the route declarations the apps
 * register (functions/http/routes/: paths, schemas, roles and docs declared once) and from the same zod
 * schemas the routes parse with. Built at build time for the api function
 * (functions/api/built-api-document.ts), on first request by `npm start`.
 */
export function apiDocument(): OpenApiDocument {
  const api = createOpenApiRegistry({
    title: 'Relais',
    version: '1.0.0',
    description: 'Referral and accompaniment coordination for low-threshold outreach services.',
  });
  documentRoutes(api, STAFF_ROUTES);
  // Specialist links (/o/{token}): declared once in functions/links/routes.ts, served and documented from it.
  for (const route of linkRouteDocs()) api.add(route);
  return api.document();
}
