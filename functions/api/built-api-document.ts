import { readFileSync } from 'node:fs';

/**
 * The api function's OpenAPI document: the file the build writes beside the bundle
 * (infra/bundling/settings.ts, `FUNCTION_FILES`), generated there from the route declarations by the
 * same `apiDocument()` that `npm start` serves. Generating it at run time instead would put zod's JSON
 * Schema generator and every response schema (used by nothing else) in the bundle, about 40 KB, and in
 * the cold start, and the routes' docs besides; the bundle is built without them
 * (functions/edge/documented.ts). Read once, on the first request for it.
 */
export const API_DOCUMENT_FILE = 'openapi.json';

export const builtApiDocument = (): unknown =>
  JSON.parse(readFileSync(new URL(`./${API_DOCUMENT_FILE}`, import.meta.url), 'utf8'));

/**
 * The api function's AsyncAPI document, likewise: the file built beside the bundle by the same
 * `eventDocument()` (functions/standards/asyncapi/event-document.ts) that `npm start` serves, so that
 * neither zod's JSON Schema generator nor the event catalogue's schemas are in the bundle.
 */
export const EVENT_DOCUMENT_FILE = 'asyncapi.json';

export const builtEventDocument = (): unknown =>
  JSON.parse(readFileSync(new URL(`./${EVENT_DOCUMENT_FILE}`, import.meta.url), 'utf8'));
