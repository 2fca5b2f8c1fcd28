import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  bundleOptions,
  LIGHT_FETCH_FUNCTIONS,
  LIGHT_FETCH_MODULE,
} from '../../infra/bundling/esbuild-settings.ts';
import { FUNCTION_ENTRIES, FUNCTION_NAMES, PROJECT_ROOT } from '../../infra/bundling/settings.ts';

/*
 * Which bundles get the light fetch classes (functions/edge/light-fetch.ts) in place of Node's: the
 * three that answer HTTP with hono, by entry, whether the entry is given relative (the CDK app's
 * bundle-one.ts) or absolute (`npm run build`).
 */

describe('the light fetch classes in the bundles', () => {
  it('go into api, links and web, and into no other function', () => {
    const injected = FUNCTION_NAMES.filter((name) =>
      bundleOptions(`${PROJECT_ROOT}${FUNCTION_ENTRIES[name]}`, 'out.mjs').inject?.includes(
        LIGHT_FETCH_MODULE,
      ),
    );
    expect(injected.sort()).toEqual(['api', 'links', 'web']);
    expect(
      LIGHT_FETCH_FUNCTIONS.map((name) => bundleOptions(FUNCTION_ENTRIES[name], 'out.mjs').inject),
    ).toEqual([[LIGHT_FETCH_MODULE], [LIGHT_FETCH_MODULE], [LIGHT_FETCH_MODULE]]);
    expect(bundleOptions('elsewhere/functions/api/index.tsx', 'out.mjs').inject).toBeUndefined();
  });
});

describe('the modules of the bundles that take the light fetch classes', () => {
  // A bundled module reached by `import()` or `require()` is initialised lazily, and so then is every
  // module it imports: with `inject`, the light fetch classes, whose initialiser every module of the
  // bundle would call first (~2.5 KB in the api bundle; sdk-trim.ts `staticEventStreams`).
  it.each(['api', 'links', 'web'] as const)('are all initialised eagerly in %s', async (name) => {
    const { metafile } = await build({
      ...bundleOptions(`${PROJECT_ROOT}${FUNCTION_ENTRIES[name]}`, 'out.mjs'),
      write: false,
      sourcemap: false,
      metafile: true,
    });
    const lazy = Object.entries(metafile.inputs).flatMap(([input, { imports }]) =>
      imports
        .filter(({ kind, external }) => !external && kind !== 'import-statement')
        .map(({ kind, path }) => `${input} ${kind} ${path}`),
    );
    expect(lazy).toEqual([]);
  });
});
