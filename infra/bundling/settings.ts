import { fileURLToPath } from 'node:url';
import { API_DOCUMENT_FILE, EVENT_DOCUMENT_FILE } from '../../functions/api/built-api-document.ts';
import { apiDocument } from '../../functions/contract/api-document.ts';
import { eventDocument } from '../../functions/standards/asyncapi/event-document.ts';
import { CATALOGUES, catalogueFile, LOCALES } from '../../functions/ui/messages.ts';
import type { FunctionName } from './function-entries.ts';

/**
 * How every Relais function is bundled, in one place: the CDK construct (infra/constructs/node-function.ts)
 * and `npm run build` (infra/bundling/build-functions.ts) both take these settings, so the bundle the benchmark measures
 * is the bundle that is deployed.
 */

/** The repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Each function's entry point (function-entries.ts, which esbuild-settings.ts reads too).
export { FUNCTION_ENTRIES, FUNCTION_NAMES, type FunctionName } from './function-entries.ts';

/**
 * Files made at build time and shipped beside a function's bundle, by name: the api function's OpenAPI
 * document, generated from the route schemas here rather than in every cold start
 * (functions/api/built-api-document.ts).
 */
export const FUNCTION_FILES: { readonly [N in FunctionName]?: Readonly<Record<string, () => string>> } = {
  // The api's words: the FHIR views name specialties in the caller's language (standards/fhir/codes.ts).
  api: {
    [API_DOCUMENT_FILE]: () => `${JSON.stringify(apiDocument())}\n`,
    [EVENT_DOCUMENT_FILE]: () => `${JSON.stringify(eventDocument())}\n`,
    ...catalogueFiles(),
  },
  web: catalogueFiles(),
  links: catalogueFiles(),
  notify: catalogueFiles(),
};

/**
 * The words of each locale, for the functions that write to people in their language (pages, emails):
 * one file per locale, read on the locale's first use (functions/ui/messages.ts `catalogue`).
 */
function catalogueFiles(): Record<string, () => string> {
  return Object.fromEntries(
    LOCALES.map((locale) => [catalogueFile(locale), () => `${JSON.stringify(CATALOGUES[locale])}\n`]),
  );
}

export {
  ALIASES,
  DEFINES,
  ESBUILD_SETTINGS,
  ESM_REQUIRE_BANNER,
} from './esbuild-settings.ts';
