import { fileURLToPath } from 'node:url';
import { API_DOCUMENT_FILE } from '../../functions/api/built-api-document.ts';
import { apiDocument } from '../../functions/contract/api-document.ts';
import { CATALOGUES, catalogueFile, LOCALES } from '../../functions/ui/messages.ts';

/**
 * How every Relais function is bundled, in one place: the CDK construct (infra/constructs/node-function.ts)
 * and `npm run build` (infra/bundling/build-functions.ts) both take these settings, so the bundle the benchmark measures
 * is the bundle that is deployed.
 */

/** The repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each function's entry point, relative to the repository root, by function name. */
export const FUNCTION_ENTRIES = {
  api: 'functions/api/index.ts',
  web: 'functions/web/index.ts',
  links: 'functions/links/index.ts',
  notify: 'functions/notify/index.ts',
  project: 'functions/project/index.ts',
  publish: 'functions/publish/index.ts',
  sweep: 'functions/sweep/index.ts',
  bounces: 'functions/bounces/index.ts',
  'staff-claims': 'functions/staff-claims/index.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
export const FUNCTION_NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];

/**
 * Files made at build time and shipped beside a function's bundle, by name: the api function's OpenAPI
 * document, generated from the route schemas here rather than in every cold start
 * (functions/api/built-api-document.ts).
 */
export const FUNCTION_FILES: { readonly [N in FunctionName]?: Readonly<Record<string, () => string>> } = {
  // The api's words: the FHIR views name specialties in the caller's language (standards/fhir/codes.ts).
  api: { [API_DOCUMENT_FILE]: () => `${JSON.stringify(apiDocument())}\n`, ...catalogueFiles() },
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

// esbuild's ESM output has no `require`; a bundled CommonJS dependency that calls require('node:…')
// would throw "Dynamic require is not supported". Aliased so it cannot clash with bundled names.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __relaisCreateRequire } from 'node:module'; " +
  'const require = __relaisCreateRequire(import.meta.url);';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Module replacements, each explained in its file: the SDK's default credential chain is swapped for
 * the environment (env-credentials.ts: on Lambda the runtime's credentials are always there), and the
 * SDK's event-stream codec, which no operation Relais calls uses, for a stub (no-event-streams.ts).
 */
export const ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': here('./env-credentials.ts'),
  '@smithy/core/event-streams': here('./no-event-streams.ts'),
};

/**
 * Constants the bundles are built with. `globalThis.RELAIS_DOCUMENTED: false` folds every route's
 * documentation (`docs: globalThis.RELAIS_DOCUMENTED !== false && { … }`, functions/edge/documented.ts)
 * away, with the response schemas only the documentation uses: the api function serves the document
 * built beside it instead (`FUNCTION_FILES`), generated here in Node where the documentation is kept.
 */
export const DEFINES: Readonly<Record<string, string>> = {
  'globalThis.RELAIS_DOCUMENTED': 'false',
  // The locales' words are files beside the bundle (`FUNCTION_FILES`), read per locale at first use.
  'globalThis.RELAIS_CATALOGUE_FILES': 'true',
};

/**
 * The esbuild settings (esbuild's own option names). ESM, minified and tree-shaken, the AWS SDK bundled
 * (a pinned version; tree-shaking its ES modules, which `mainFields: ['module', 'main']` selects, makes
 * the bundle and the cold start smaller than the runtime's copy), a source map without sources (names
 * and lines are enough for stack traces).
 */
export const ESBUILD_SETTINGS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  alias: ALIASES,
  define: DEFINES,
} as const;
