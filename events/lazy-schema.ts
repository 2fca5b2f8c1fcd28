import * as z from 'zod/mini';

/**
 * A value built on first use, once, then kept: THE memo of the code base (a schema nothing calls for, a
 * pattern whose Unicode classes take milliseconds to parse). Written `/* @__PURE__ *\/ lazily(() => …)`,
 * a value nothing calls for is dropped from a bundle whole, where one built at module load would stay
 * (esbuild cannot know that a zod call or a `new RegExp` is pure). Here, in the lowest layer, so that the
 * domain and every layer above use the same one.
 */
export const lazily = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

/**
 * `lazily` for work that can fail: a promise made on first use and kept once made, but forgotten when it
 * rejects, so that the next use tries again (a provider's discovery document, a request signer, the
 * environment's credentials) rather than failing for the life of the process. The arguments of the
 * call that makes it are passed on; later calls' are not used.
 */
export const lazilyRetried = <A extends unknown[], T>(
  make: (...args: A) => Promise<T>,
): ((...args: A) => Promise<T>) => {
  let made: Promise<T> | undefined;
  return (...args) => {
    if (made) return made;
    const attempt = make(...args);
    made = attempt;
    attempt.catch(() => {
      if (made === attempt) made = undefined;
    });
    return attempt;
  };
};

/**
 * A schema built on its first use (its first parse, or a document generator reading it) rather than
 * when its module loads, once, then kept (zod's `lazy` memoises its getter). A function's cold start
 * pays for the modules it loads, and building a zod schema is not free: the api bundle built about a
 * thousand of them before its first request, for stored item families, event contracts and routes that
 * request never touched. The schema `build` returns is the whole rule: parsing through the wrapper
 * accepts, rejects and reports (issue paths and messages) exactly as parsing with it directly does.
 *
 * Here, in the lowest layer, so that every layer builds its schemas the same way.
 */
export function lazySchema<T extends z.core.SomeType>(build: () => T): z.ZodMiniLazy<T> {
  return z.lazy(build);
}
