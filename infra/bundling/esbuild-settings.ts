import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionName } from './function-entries.ts';
import { SDK_TRIM_PLUGINS } from './sdk-trim.ts';

/*
 * The esbuild settings of every Relais bundle, apart from what each function ships beside it
 * (settings.ts): kept free of the application's modules, so that the CDK app's bundling step
 * (bundle-one.ts, run once per function) starts in a moment.
 */

// esbuild's ESM output has no `require`; a bundled CommonJS dependency that calls require('node:…')
// would throw "Dynamic require is not supported". Aliased so it cannot clash with bundled names.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __relaisCreateRequire } from 'node:module'; " +
  'const require = __relaisCreateRequire(import.meta.url);';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Module replacements, each explained in its file: the SDK's default credential chain is swapped for
 * the environment (env-credentials.ts: on Lambda the runtime's credentials are always there), and the
 * SDK's event-stream codec, which no operation Relais calls uses, for a stub (no-event-streams.ts), and
 * the DynamoDB client's endpoint cache, which no DynamoDB command reads, for an empty one
 * (no-endpoint-cache.ts).
 */
export const ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': here('./env-credentials.ts'),
  '@smithy/core/event-streams': here('./no-event-streams.ts'),
  '@aws-sdk/endpoint-cache': here('./no-endpoint-cache.ts'),
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
  // Non-ASCII text as UTF-8 (Node reads modules so), not as \u escapes: a few hundred bytes a bundle.
  charset: 'utf8',
  sourcemap: true,
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  alias: ALIASES,
  define: DEFINES,
} as const;

/**
 * The functions that answer HTTP (API Gateway) with hono: in their bundles, the free globals `Headers`,
 * `Request`, `Response` and `FormData` are the classes of functions/edge/light-fetch.ts (esbuild
 * `inject`). Node's own load its internal undici at their first use, 20–25 ms of CPU in every cold start
 * (bench/README.md), for requests and responses whose bodies are already in memory. By entry, so that
 * `npm run build` and the CDK app (bundle-one.ts, which knows only the entry) agree.
 */
export const LIGHT_FETCH_FUNCTIONS: readonly FunctionName[] = ['api', 'links', 'web'];
const LIGHT_FETCH_ENTRIES = LIGHT_FETCH_FUNCTIONS.map((name) => FUNCTION_ENTRIES[name]);

export const LIGHT_FETCH_MODULE = here('../../functions/edge/light-fetch.ts');

const takesLightFetch = (entry: string): boolean => {
  const path = entry.replace(/\\/g, '/');
  return LIGHT_FETCH_ENTRIES.some((suffix) => path.endsWith(`/${suffix}`) || path === suffix);
};

/**
 * The esbuild options of one function's bundle: the settings above, the SDK trimming plugins
 * (sdk-trim.ts), the light fetch classes for the HTTP functions (`LIGHT_FETCH_FUNCTIONS`), ESM output to
 * `outfile`.
 */
export function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    ...ESBUILD_SETTINGS,
    ...(takesLightFetch(entry) ? { inject: [LIGHT_FETCH_MODULE] } : {}),
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    entryPoints: [entry],
    outfile,
    banner: { js: ESBUILD_SETTINGS.banner },
    plugins: [...SDK_TRIM_PLUGINS],
    logLevel: 'warning',
  };
}
