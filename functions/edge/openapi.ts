/**
 * A small route registry that writes the OpenAPI 3.1 document from the same zod schemas the routes
 * parse with (zod v4's `z.toJSONSchema`, draft 2020-12, which OpenAPI 3.1 uses as is).
 *
 * Request bodies and query parameters are described as the schema's *input*, responses as its *output*.
 * Schemas given an id with `z.meta({ id: 'Referral' })` become `components.schemas.Referral` and are
 * referenced; everything else is inline. Errors are `application/problem+json` (`components.schemas
 * .Problem`); the usual ones are added to each operation unless it lists them: 400 with a body or query,
 * 413/415 with a body, 401/403 for staff routes.
 *
 * Security: `staff` is the `staffBearer` scheme (a JWT in `Authorization: Bearer`); `link` routes carry a
 * capability token in their path (no header, so `security: []`), marked with `x-relais-auth: link`.
 * The roles a staff route lets through are listed in `x-relais-roles`.
 */
import * as z from 'zod/mini';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.core.$ZodType;
  /** @default 'application/json' below 400, 'application/problem+json' from 400 */
  readonly contentType?: string;
  /** Other content types the same answer is given in, chosen by `Accept` (e.g. `text/csv`). */
  readonly alternatives?: readonly string[];
  readonly headers?: Readonly<Record<string, { readonly description: string }>>;
}

export interface RouteSpec {
  readonly method: HttpMethod | Uppercase<HttpMethod>;
  /** `/v1/referrals/{id}` or hono's `/v1/referrals/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly operationId?: string;
  readonly tags?: readonly string[];
  /** @default 'none' */
  readonly security?: 'staff' | 'link' | 'none';
  readonly body?: z.core.$ZodType;
  /** Content types the body is accepted as. @default ['application/json'] */
  readonly bodyContentTypes?: readonly string[];
  /** Whether the body may be absent. @default true when a body is given */
  readonly bodyRequired?: boolean;
  readonly query?: z.core.$ZodObject;
  /** Descriptions of path parameters, by name; every `{name}` of the path is declared either way. */
  readonly pathParams?: Readonly<Record<string, string>>;
  /** The path parameters' schema (one key per `{name}`); without it each is a plain string. */
  readonly params?: z.core.$ZodObject;
  /** The staff roles let through (`x-relais-roles`); none: any caller the security lets in. */
  readonly roles?: readonly string[];
  /** `recorded`: its reads and changes of referrals and specialists go to the access log (`x-relais-access-log`). */
  readonly accessLog?: 'recorded';
  /** Request headers the operation reads (`Idempotency-Key`, `If-Match`). */
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
  readonly responses: Readonly<Record<number | string, ResponseSpec>>;
}

export interface OpenApiRegistry {
  /** Adds one operation; a second one with the same method and path is an error. */
  add(route: RouteSpec): OpenApiRegistry;
  /** The OpenAPI 3.1 document, as JSON-ready data. */
  document(): OpenApiDocument;
}

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly jsonSchemaDialect: string;
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, unknown>;
  };
}

/** The RFC 9457 problem, as the API sends it. */
export const problemSchema: JsonSchema = {
  type: 'object',
  description: `RFC 9457 problem details. \`type\` is a URN under ${PROBLEM_TYPE_BASE}.`,
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
        additionalProperties: false,
      },
    },
  },
  required: ['type', 'title', 'status'],
};

const STAFF_SCHEME = 'staffBearer';

const DEFAULT_ERRORS: Readonly<Record<string, string>> = {
  '400': 'The request is malformed or a field is not valid (`errors` names each field).',
  '401': 'No valid staff credentials.',
  '403': 'The caller’s role does not allow this.',
  '413': 'The body is larger than 64 KB.',
  '415': 'The body is not in an accepted content type.',
};

const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

const pathParamNames = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

const defaultOperationId = (method: string, path: string): string =>
  method +
  path
    .split('/')
    .filter(Boolean)
    .map((seg) =>
      seg
        .replace(/[{}]/g, '')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase()),
    )
    .map((seg) => seg.charAt(0).toUpperCase() + seg.slice(1))
    .join('');

/** Creates an empty registry; routes are added where they are defined. */
export const createOpenApiRegistry = (info: {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
}): OpenApiRegistry => {
  const routes: RouteSpec[] = [];
  const keys = new Set<string>();

  const registry: OpenApiRegistry = {
    add(route) {
      const method = route.method.toLowerCase();
      const path = toOpenApiPath(route.path);
      const key = `${method} ${path}`;
      if (keys.has(key)) throw new Error(`OpenAPI: ${key} is registered twice`);
      keys.add(key);
      routes.push(route);
      return registry;
    },
    document() {
      const components: Record<string, JsonSchema> = { Problem: problemSchema };
      const convert = (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema =>
        toOpenApiSchema(schema, io, components);
      const paths: Record<string, Record<string, unknown>> = {};
      const operationIds = new Set<string>();
      for (const route of routes) {
        const method = route.method.toLowerCase();
        const path = toOpenApiPath(route.path);
        const operationId = route.operationId ?? defaultOperationId(method, path);
        if (operationIds.has(operationId))
          throw new Error(`OpenAPI: operationId ${operationId} is used twice`);
        operationIds.add(operationId);
        const security = route.security ?? 'none';

        const paramSchemas = (
          route.params ? (convert(route.params, 'input').properties ?? {}) : {}
        ) as Record<string, JsonSchema>;
        const parameters: unknown[] = pathParamNames(path).map((name) => {
          const { description, ...schema } = paramSchemas[name] ?? { type: 'string' };
          const text = route.pathParams?.[name] ?? description;
          return {
            name,
            in: 'path',
            required: true,
            ...(typeof text === 'string' ? { description: text } : {}),
            schema,
          };
        });
        if (route.query) {
          const q = convert(route.query, 'input');
          const props = (q.properties ?? {}) as Record<string, JsonSchema>;
          const required = new Set((q.required ?? []) as string[]);
          for (const [name, schema] of Object.entries(props)) {
            const { description, ...rest } = schema;
            parameters.push({
              name,
              in: 'query',
              required: required.has(name),
              ...(typeof description === 'string' ? { description } : {}),
              schema: rest,
            });
          }
        }
        for (const [name, h] of Object.entries(route.headers ?? {})) {
          parameters.push({
            name,
            in: 'header',
            required: h.required ?? false,
            description: h.description,
            schema: { type: 'string' },
          });
        }

        const responses: Record<string, unknown> = {};
        for (const [status, r] of Object.entries(route.responses)) {
          responses[status] = responseObject(status, r, convert);
        }
        const implied: string[] = [];
        if (route.body || route.query || route.params) implied.push('400');
        if (route.body) implied.push('413', '415');
        if (security === 'staff') implied.push('401', '403');
        for (const status of implied) {
          responses[status] ??= responseObject(status, { description: DEFAULT_ERRORS[status]! }, convert);
        }

        const operation: Record<string, unknown> = {
          operationId,
          summary: route.summary,
          ...(route.description ? { description: route.description } : {}),
          ...(route.tags?.length ? { tags: [...route.tags] } : {}),
          security: security === 'staff' ? [{ [STAFF_SCHEME]: [] }] : [],
          ...(security === 'link' ? { 'x-relais-auth': 'link' } : {}),
          ...(route.roles?.length ? { 'x-relais-roles': [...route.roles] } : {}),
          ...(route.accessLog ? { 'x-relais-access-log': route.accessLog } : {}),
          ...(parameters.length ? { parameters } : {}),
          ...(route.body
            ? {
                requestBody: {
                  required: route.bodyRequired ?? true,
                  content: Object.fromEntries(
                    (route.bodyContentTypes ?? ['application/json']).map((ct) => [
                      ct,
                      { schema: convert(route.body!, 'input') },
                    ]),
                  ),
                },
              }
            : {}),
          responses: sortByStatus(responses),
        };
        paths[path] ??= {};
        paths[path][method] = operation;
      }
      return {
        openapi: '3.1.0',
        info: {
          title: info.title,
          version: info.version,
          ...(info.description ? { description: info.description } : {}),
        },
        jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
        ...(info.servers?.length ? { servers: [...info.servers] } : {}),
        paths,
        components: {
          schemas: components,
          securitySchemes: {
            [STAFF_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: 'A staff token with the claims sub, org, roles, iss, aud and exp.',
            },
          },
        },
      };
    },
  };
  return registry;
};

const responseObject = (
  status: string,
  r: ResponseSpec,
  convert: (schema: z.core.$ZodType, io: 'input' | 'output') => JsonSchema,
): Record<string, unknown> => {
  const isError = /^[45]/.test(status);
  const contentType = r.contentType ?? (isError ? PROBLEM_CONTENT_TYPE : 'application/json');
  let schema: JsonSchema | undefined;
  if (r.schema) schema = convert(r.schema, 'output');
  else if (contentType === PROBLEM_CONTENT_TYPE) schema = { $ref: '#/components/schemas/Problem' };
  else if (contentType.startsWith('text/')) schema = { type: 'string' };
  return {
    description: r.description,
    ...(r.headers
      ? { headers: mapValues(r.headers, (h) => ({ description: h.description, schema: { type: 'string' } })) }
      : {}),
    ...(schema || r.contentType
      ? {
          content: {
            [contentType]: schema ? { schema } : {},
            ...Object.fromEntries((r.alternatives ?? []).map((ct) => [ct, { schema: { type: 'string' } }])),
          },
        }
      : {}),
  };
};

const sortByStatus = (responses: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));

const mapValues = <T, U>(o: Readonly<Record<string, T>>, f: (v: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/**
 * One zod schema as an OpenAPI 3.1 schema object: `$schema` dropped, `$defs` (schemas with a meta id)
 * hoisted into `components.schemas` and their references rewritten.
 */
export const toOpenApiSchema = (
  schema: z.core.$ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema> = {},
): JsonSchema => {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = json;
  const defs = Object.entries(($defs ?? {}) as Record<string, JsonSchema>);
  // An id names one shape. When this conversion gives another shape under a taken name (a schema's input
  // differs from its output: defaults, transforms), it is stored under `<id>Input` / `<id>Output`.
  const names = new Map(defs.map(([id]) => [id, id]));
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        out[k] =
          k === '$ref' && typeof val === 'string' && val.startsWith('#/$defs/')
            ? `#/components/schemas/${names.get(val.slice('#/$defs/'.length)) ?? val.slice('#/$defs/'.length)}`
            : rewrite(val);
      }
      return out;
    }
    return v;
  };
  for (let pass = 0; pass <= defs.length; pass++) {
    const converted = defs.map(([id, def]) => [id, rewrite(def) as JsonSchema] as const);
    const conflicts = converted.filter(([id, def]) => {
      const existing = components[names.get(id)!];
      return existing !== undefined && JSON.stringify(existing) !== JSON.stringify(def);
    });
    if (conflicts.length === 0 || pass === defs.length) {
      for (const [id, def] of converted) components[names.get(id)!] = def;
      break;
    }
    const suffix = io === 'input' ? 'Input' : 'Output';
    for (const [id] of conflicts)
      names.set(id, names.get(id)!.endsWith(suffix) ? `${id}${suffix}${pass}` : `${id}${suffix}`);
  }
  return rewrite(rest) as JsonSchema;
};
