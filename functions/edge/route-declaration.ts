/**
 * Each HTTP route declared once: method, path, who may call it, the schemas of its path parameters,
 * query and body, its documentation, and its handler. One list per resource; `registerRoutes` puts a
 * list on a hono app (role gate, then parameters, query and body parsed with the readers of
 * validation.ts, so a handler gets its input parsed or the caller gets a 400 naming the field), and
 * `documentRoutes` adds the same list to the OpenAPI registry (openapi.ts). A thin equivalent of
 * `@hono/zod-openapi`'s `createRoute` on `zod/mini`, without its weight in the bundle.
 *
 * The documentation of a route (texts, response schemas, extra problems) is written
 * `docs: globalThis.RELAIS_DOCUMENTED !== false && { ... }` (documented.ts): the bundles are built with
 * it `false`, which leaves the texts and the response schemas out of the function that serves the
 * routes. The document is built from the same lists at build time, in Node, where it is kept
 * (functions/api/built-api-document.ts).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type * as z from 'zod/mini';
import type { HttpMethod, OpenApiRegistry, RouteSpec } from './openapi.ts';
import { parseWith, queryOf, readJson, readJsonOrForm } from './validation.ts';

/** What a route's documentation says beyond what the declaration already tells (paths, schemas, roles). */
export type RouteDocs = Pick<
  RouteSpec,
  'summary' | 'description' | 'operationId' | 'tags' | 'headers' | 'responses' | 'pathParams'
>;

type Parsed<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/** What a handler gets, parsed: path parameters, query and body (each `undefined` when not declared). */
export interface RouteInput<P, Q, B> {
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  readonly body: Parsed<B>;
}

export interface RouteDeclaration<
  X,
  R extends string = string,
  P extends z.core.$ZodType | undefined = z.core.$ZodType | undefined,
  Q extends z.core.$ZodType | undefined = z.core.$ZodType | undefined,
  B extends z.core.$ZodType | undefined = z.core.$ZodType | undefined,
> {
  readonly method: HttpMethod;
  /** OpenAPI style: `/v1/referrals/{id}`. */
  readonly path: string;
  /** @default 'none' */
  readonly security?: 'staff' | 'link' | 'none';
  /**
   * `recorded`: what the route reads and changes goes to the access log (every staff route: its declarer
   * sets it), through the app's `record` wrapper, and the document says so (`x-relais-access-log`).
   */
  readonly access?: 'recorded';
  /** Callers holding any of these pass the gate; no roles, no gate (beyond the app's authentication). */
  readonly roles?: readonly R[];
  /** The path parameters, as an object schema with one key per `{name}` of the path. */
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** A request without a body reads as `{}` (actions whose body is optional). */
  readonly bodyOptional?: boolean;
  /** The body may also be an HTML form (`readJsonOrForm`); else JSON only (`readJson`). */
  readonly forms?: boolean;
  /** `false` in the bundles (see the file header). */
  readonly docs: RouteDocs | false;
  /** Method syntax, so that declarations with different schemas fit in one list. */
  handler(c: Context, input: RouteInput<P, Q, B>, context: X): Response | Promise<Response>;
}

/** A list of declarations with whatever schemas; what a resource file exports. */
export type RouteList<X, R extends string = string> = readonly RouteDeclaration<X, R>[];

/**
 * A declaring function for one app: fixes the handlers' context `X`, the role type and defaults (such as
 * `security`), and infers each route's schemas so its handler's input is typed.
 */
export const routeDeclarer =
  <X, R extends string = string>(
    defaults: Partial<Pick<RouteDeclaration<X, R>, 'security' | 'access'>> = {},
  ) =>
  <
    P extends z.core.$ZodType | undefined = undefined,
    Q extends z.core.$ZodType | undefined = undefined,
    B extends z.core.$ZodType | undefined = undefined,
  >(
    route: RouteDeclaration<X, R, P, Q, B>,
  ): RouteDeclaration<X, R> =>
    ({ ...defaults, ...route }) as RouteDeclaration<X, R>;

/** `/v1/referrals/{id}` → hono's `/v1/referrals/:id`. */
export const honoPath = (path: string): string => path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');

export interface RegisterOptions<R extends string> {
  /** The middleware that lets through callers holding any of `roles`. Required when a route has roles. */
  readonly gate?: (roles: readonly R[]) => MiddlewareHandler;
  /**
   * The wrapper recording what a route declared `access: 'recorded'` reads and changes (the staff app's
   * access log). Required when a route is so declared: none is served unrecorded.
   */
  readonly record?: (route: RouteDeclaration<unknown, R>) => MiddlewareHandler;
}

/** Puts each declared route on `app`: its role gate, then parsing, then its handler with `context`. */
export function registerRoutes<X, R extends string>(
  app: Hono,
  routes: RouteList<X, R>,
  context: X,
  options: RegisterOptions<R> = {},
): void {
  for (const route of routes) {
    // A path parameter reaches a handler only parsed, so a bad one is a 400 naming it, never a 500.
    if (route.path.includes('{') && !route.params) {
      throw new Error(`${route.method} ${route.path} must declare its path parameters (params)`);
    }
    const gate: MiddlewareHandler[] = [];
    if (route.roles?.length) {
      if (!options.gate) throw new Error(`${route.method} ${route.path} has roles but the app has no gate`);
      gate.push(options.gate(route.roles));
    }
    if (route.access === 'recorded') {
      if (!options.record)
        throw new Error(`${route.method} ${route.path} is recorded but the app records nothing`);
      gate.push(options.record(route as RouteDeclaration<unknown, R>));
    }
    const handle: MiddlewareHandler = async (c) => {
      const params = route.params ? parseWith(route.params, c.req.param()) : undefined;
      const query = route.query ? queryOf(c, route.query) : undefined;
      const read = route.forms ? readJsonOrForm : readJson;
      const body = route.body
        ? await read(c, route.body, route.bodyOptional ? { allowEmpty: true } : {})
        : undefined;
      return route.handler(c, { params, query, body } as RouteInput<never, never, never>, context);
    };
    app.on(route.method.toUpperCase(), [honoPath(route.path)], ...gate, handle);
  }
}

/** Adds each declared route to the OpenAPI registry; a route without its docs is an error. */
export function documentRoutes<X, R extends string>(
  registry: OpenApiRegistry,
  routes: RouteList<X, R>,
): OpenApiRegistry {
  for (const route of routes) {
    if (!route.docs) throw new Error(`${route.method} ${route.path} has no docs (built without them?)`);
    registry.add({
      method: route.method,
      path: route.path,
      security: route.security ?? 'none',
      ...(route.roles?.length ? { roles: route.roles } : {}),
      ...(route.access ? { accessLog: route.access } : {}),
      ...(route.params ? { params: route.params as z.core.$ZodObject } : {}),
      ...(route.query ? { query: route.query as z.core.$ZodObject } : {}),
      ...(route.body
        ? {
            body: route.body,
            bodyRequired: !route.bodyOptional,
            ...(route.forms
              ? { bodyContentTypes: ['application/x-www-form-urlencoded', 'application/json'] }
              : {}),
          }
        : {}),
      ...route.docs,
    });
  }
  return registry;
}
