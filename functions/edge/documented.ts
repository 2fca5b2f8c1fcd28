/*
 * Route documentation is written `docs: globalThis.RELAIS_DOCUMENTED !== false && { … }`
 * (route-declaration.ts). The bundles are built with `globalThis.RELAIS_DOCUMENTED` defined as `false`
 * (esbuild's `define`, infra/bundling/settings.ts), which esbuild substitutes while parsing: every `docs`
 * becomes `false` before tree shaking, so the texts, the shared problem lists and the response schemas
 * only the documentation uses are left out of the bundle. (An imported constant would be inlined only
 * when printing, after tree shaking, and would keep the schemas in.) In Node, tsx and the tests, where
 * the document is built, it is undefined: documentation kept.
 */

declare global {
  /** `false` in the bundles; undefined (documentation kept) everywhere else. */
  var RELAIS_DOCUMENTED: false | undefined;
}

/**
 * For the response schemas, which only the documentation reads: built on first use
 * (`/* @__PURE__ *\/ lazily(() => z.object(…))`), so that a schema nothing calls for is dropped from the
 * bundle whole. Also for a set of fields several request schemas share (built with the first of them:
 * lazySchema). The one memo lives in events/lazy-schema.ts.
 */
export { lazily } from '../../events/lazy-schema.ts';
