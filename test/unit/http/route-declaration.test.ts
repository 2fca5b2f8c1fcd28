import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createOpenApiRegistry } from '../../../functions/edge/openapi.ts';
import { problemOnError } from '../../../functions/edge/problem.ts';
import {
  documentRoutes,
  type RouteList,
  registerRoutes,
  routeDeclarer,
} from '../../../functions/edge/route-declaration.ts';

type Role = 'reader' | 'writer';
const route = routeDeclarer<{ readonly prefix: string }, Role>({ security: 'staff' });
const thing = z.object({ id: z.string(), name: z.string() }).check(z.meta({ id: 'Thing' }));

const ROUTES: RouteList<{ readonly prefix: string }, Role> = [
  route({
    method: 'get',
    path: '/things/{id}',
    params: z.strictObject({ id: z.string().check(z.maxLength(4)) }),
    query: z.strictObject({ full: z.optional(z.enum(['yes', 'no'])) }),
    docs: {
      summary: 'A thing',
      pathParams: { id: 'The thing' },
      responses: { 200: { description: 'It', schema: thing } },
    },
    handler: (c, { params, query }, { prefix }) =>
      c.json({ id: params.id, name: `${prefix}${query.full ?? '-'}` }),
  }),
  route({
    method: 'post',
    path: '/things/{id}/rename',
    roles: ['writer'],
    params: z.strictObject({ id: z.string() }),
    body: z.strictObject({ name: z.string().check(z.minLength(1)) }),
    docs: { summary: 'Rename', responses: { 200: { description: 'Renamed', schema: thing } } },
    handler: (c, { params, body }) => c.json({ id: params.id, name: body.name }),
  }),
  route({
    method: 'post',
    path: '/things/{id}/touch',
    params: z.strictObject({ id: z.string() }),
    body: z.strictObject({ note: z.optional(z.string()) }),
    bodyOptional: true,
    forms: true,
    docs: { summary: 'Touch', responses: { 204: { description: 'Touched' } } },
    handler: (c) => c.body(null, 204),
  }),
];

/** Lets through a caller whose `x-role` header is one of the roles. */
const gate =
  (roles: readonly Role[]): MiddlewareHandler =>
  async (c, next) => {
    if (!roles.includes(c.req.header('x-role') as Role)) return c.json({ status: 403 }, 403);
    await next();
  };

const app = new Hono();
app.onError(problemOnError);
registerRoutes(app, ROUTES, { prefix: 'thing ' }, { gate });

/** A response's problem details. */
const errorsOf = async (res: Response) => ((await res.json()) as { errors: unknown }).errors;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('registerRoutes', () => {
  it('hands the handler its parsed parameters and query, and its context', async () => {
    const res = await app.request('/things/ab?full=yes');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'ab', name: 'thing yes' });
  });

  it('refuses a path parameter its schema refuses with a 400 naming it', async () => {
    const res = await app.request('/things/abcde');
    expect(res.status).toBe(400);
    expect(await errorsOf(res)).toEqual([{ path: 'id', message: 'must have at most 4 characters' }]);
  });

  it('refuses an unknown query parameter with a 400 naming it', async () => {
    const res = await app.request('/things/ab?sort=name');
    expect(res.status).toBe(400);
    expect(await errorsOf(res)).toEqual([{ path: 'sort', message: 'is not an allowed field' }]);
  });

  it('gates by role before reading the body, then parses the body', async () => {
    expect((await app.request('/things/ab/rename', json({ name: 'x' }, { 'x-role': 'reader' }))).status).toBe(
      403,
    );
    const bad = await app.request('/things/ab/rename', json({ name: '' }, { 'x-role': 'writer' }));
    expect(bad.status).toBe(400);
    expect(await errorsOf(bad)).toEqual([{ path: 'name', message: 'must not be empty' }]);
    const ok = await app.request('/things/ab/rename', json({ name: 'new' }, { 'x-role': 'writer' }));
    expect(await ok.json()).toEqual({ id: 'ab', name: 'new' });
  });

  it('reads a missing optional body as {}, and still refuses a body with unknown keys', async () => {
    expect((await app.request('/things/ab/touch', { method: 'POST' })).status).toBe(204);
    expect((await app.request('/things/ab/touch', json({ x: 1 }))).status).toBe(400);
  });

  it('reads a form where the route takes forms, and only JSON elsewhere (415)', async () => {
    const form = (path: string, body: string) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-role': 'writer' },
        body,
      });
    expect((await form('/things/ab/touch', 'note=hello')).status).toBe(204);
    expect((await form('/things/ab/touch', 'note=hello&name=x')).status).toBe(400);
    expect((await form('/things/ab/rename', 'name=x')).status).toBe(415);
  });

  it('refuses a route whose path parameters have no schema', () => {
    const [first] = ROUTES;
    const { params: _, ...unchecked } = first!;
    expect(() => registerRoutes(new Hono(), [unchecked], { prefix: '' })).toThrow(
      /must declare its path parameters/,
    );
  });

  it('refuses a route with roles on an app without a gate', () => {
    expect(() => registerRoutes(new Hono(), ROUTES, { prefix: '' })).toThrow(
      /has roles but the app has no gate/,
    );
  });

  it('wraps a route declared recorded in the app’s recorder, documents it so, and refuses an app without one', async () => {
    const recorded = routeDeclarer<{ readonly prefix: string }, Role>({ access: 'recorded' });
    const [first] = ROUTES;
    const routes = [recorded({ ...first!, path: '/recorded/{id}' })];
    expect(() => registerRoutes(new Hono(), routes, { prefix: '' })).toThrow(/records nothing/);
    const seen: string[] = [];
    const app = new Hono();
    registerRoutes(
      app,
      routes,
      { prefix: 'p' },
      {
        record: (r) => async (c, next) => {
          await next();
          seen.push(`${r.method} ${r.path} ${c.res.status}`);
        },
      },
    );
    expect((await app.request('/recorded/ab')).status).toBe(200);
    expect(seen).toEqual(['get /recorded/{id} 200']);
    const doc = documentRoutes(createOpenApiRegistry({ title: 't', version: '1' }), routes).document();
    expect(doc.paths['/recorded/{id}']?.get).toMatchObject({ 'x-relais-access-log': 'recorded' });
  });
});

describe('documentRoutes', () => {
  const doc = documentRoutes(createOpenApiRegistry({ title: 't', version: '1' }), ROUTES).document();
  const get = doc.paths['/things/{id}']!.get as Record<string, unknown>;
  const rename = doc.paths['/things/{id}/rename']!.post as Record<string, unknown>;
  const touch = doc.paths['/things/{id}/touch']!.post as Record<string, unknown>;

  it('documents each path parameter with its schema and description, and the query', () => {
    expect(get.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'The thing',
        schema: { type: 'string', maxLength: 4 },
      },
      { name: 'full', in: 'query', required: false, schema: { type: 'string', enum: ['yes', 'no'] } },
    ]);
  });

  it('documents the roles, the security and the body, required unless optional', () => {
    expect(rename['x-relais-roles']).toEqual(['writer']);
    expect(rename.security).toEqual([{ staffBearer: [] }]);
    expect(rename.requestBody).toMatchObject({ required: true });
    expect(touch.requestBody).toMatchObject({ required: false });
    expect(Object.keys((touch.requestBody as { content: object }).content)).toEqual([
      'application/x-www-form-urlencoded',
      'application/json',
    ]);
    expect(get).not.toHaveProperty('x-relais-roles');
  });

  it('refuses a declaration without its docs (a list built for a bundle)', () => {
    const [first] = ROUTES;
    expect(() =>
      documentRoutes(createOpenApiRegistry({ title: 't', version: '1' }), [{ ...first!, docs: false }]),
    ).toThrow(/has no docs/);
  });
});
