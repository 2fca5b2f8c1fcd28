import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createOpenApiRegistry, type OpenApiDocument } from '../../../functions/edge/openapi.ts';
import { freeText } from '../../../functions/edge/validation.ts';

const Need = z.strictObject({ specialty: z.enum(['ophthalmology', 'dental']) }).check(z.meta({ id: 'Need' }));
const openBody = z.strictObject({
  pseudonym: z.string().check(z.minLength(2), z.maxLength(40), z.describe('Agreed with the person')),
  need: Need,
  reason: freeText({ max: 500 }),
  languages: z.array(z.string()).check(z.minLength(1)),
  autoOffer: z._default(z.boolean(), true),
});
const referral = z.object({ id: z.string(), version: z.int(), need: Need });
const listQuery = z.strictObject({
  status: z.optional(z.enum(['open', 'closed'])).check(z.describe('Only referrals in this status')),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  org: z.string(),
});
const acceptBody = z.strictObject({
  appointmentAt: z.iso.datetime({ offset: true }),
  place: z.optional(z.string()),
});

const build = (): OpenApiDocument =>
  createOpenApiRegistry({ title: 'Relais', version: '1.0.0' })
    .add({
      method: 'get',
      path: '/health',
      summary: 'Liveness',
      responses: { 200: { description: 'ok', schema: z.object({ status: z.literal('ok') }) } },
    })
    .add({
      method: 'post',
      path: '/v1/referrals',
      summary: 'Open a referral',
      tags: ['referrals'],
      security: 'staff',
      body: openBody,
      headers: { 'Idempotency-Key': { description: 'Makes the creation idempotent' } },
      responses: { 201: { description: 'Created', schema: referral }, 409: { description: 'Key reused' } },
    })
    .add({
      method: 'GET',
      path: '/v1/referrals',
      summary: 'List referrals',
      security: 'staff',
      query: listQuery,
      responses: { 200: { description: 'A page', schema: z.object({ items: z.array(referral) }) } },
    })
    .add({
      method: 'get',
      path: '/v1/referrals/:id',
      summary: 'Read a referral',
      security: 'staff',
      responses: {
        200: { description: 'The referral', schema: referral },
        404: { description: 'Not found' },
      },
    })
    .add({
      method: 'get',
      path: '/o/{token}',
      summary: 'The offer page',
      security: 'link',
      responses: {
        200: { description: 'HTML', contentType: 'text/html' },
        410: { description: 'Used or expired' },
      },
    })
    .add({
      method: 'post',
      path: '/o/{token}/accept',
      summary: 'Accept an offer',
      security: 'link',
      body: acceptBody,
      bodyContentTypes: ['application/json', 'application/x-www-form-urlencoded'],
      responses: { 200: { description: 'Accepted' } },
    })
    .document();

type Op = {
  operationId: string;
  security: unknown[];
  parameters?: {
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema: Record<string, unknown>;
  }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: Record<string, unknown> }> }
  >;
  'x-relais-auth'?: string;
};
const op = (doc: OpenApiDocument, path: string, method: string) => doc.paths[path]?.[method] as Op;

/** Every `$ref` in the document points at a component that exists. */
const refsOf = (v: unknown, out: string[] = []): string[] => {
  if (Array.isArray(v)) for (const x of v) refsOf(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refsOf(x, out);
    }
  }
  return out;
};

describe('createOpenApiRegistry', () => {
  const doc = build();

  it('writes an OpenAPI 3.1 document with info, paths and components', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'Relais', version: '1.0.0' });
    expect(Object.keys(doc.paths)).toEqual([
      '/health',
      '/v1/referrals',
      '/v1/referrals/{id}',
      '/o/{token}',
      '/o/{token}/accept',
    ]);
    expect(Object.keys(doc.paths['/v1/referrals']!)).toEqual(['post', 'get']);
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
  });

  it('declares the staff bearer scheme and uses it on staff routes only', () => {
    expect(doc.components.securitySchemes.staffBearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(op(doc, '/v1/referrals', 'post').security).toEqual([{ staffBearer: [] }]);
    expect(op(doc, '/health', 'get').security).toEqual([]);
    expect(op(doc, '/o/{token}', 'get').security).toEqual([]);
    expect(op(doc, '/o/{token}', 'get')['x-relais-auth']).toBe('link');
  });

  it('describes strict objects with additionalProperties false, nested ones included', () => {
    const schema = op(doc, '/v1/referrals', 'post').requestBody!.content['application/json']!.schema;
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.properties).toMatchObject({
      pseudonym: { type: 'string', minLength: 2, maxLength: 40, description: 'Agreed with the person' },
      need: { $ref: '#/components/schemas/Need' },
      reason: { type: 'string', minLength: 1, maxLength: 500 },
    });
    // io: 'input': a field with a default is optional for the client.
    expect(schema.required).toEqual(['pseudonym', 'need', 'reason', 'languages']);
    expect(doc.components.schemas.Need).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('resolves every $ref to a component', () => {
    for (const ref of refsOf(doc)) {
      expect(ref.startsWith('#/components/schemas/')).toBe(true);
      expect(doc.components.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('turns hono path parameters into required path parameters', () => {
    expect(op(doc, '/v1/referrals/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('lists query parameters with their schemas and whether they are required', () => {
    const params = op(doc, '/v1/referrals', 'get').parameters!;
    expect(params).toEqual([
      {
        name: 'status',
        in: 'query',
        required: false,
        description: 'Only referrals in this status',
        schema: { type: 'string', enum: ['open', 'closed'] },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', maximum: 100 }),
      },
      { name: 'org', in: 'query', required: true, schema: { type: 'string' } },
    ]);
  });

  it('lists request headers', () => {
    expect(op(doc, '/v1/referrals', 'post').parameters).toContainEqual({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes the creation idempotent',
      schema: { type: 'string' },
    });
  });

  it('describes errors as problem+json and adds the usual ones', () => {
    const responses = op(doc, '/v1/referrals', 'post').responses;
    expect(Object.keys(responses)).toEqual(['201', '400', '401', '403', '409', '413', '415']);
    expect(responses['409']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status'] });
    expect(Object.keys(op(doc, '/health', 'get').responses)).toEqual(['200']);
    expect(Object.keys(op(doc, '/o/{token}', 'get').responses)).toEqual(['200', '410']);
  });

  it('describes a response with its output schema and a page as text/html', () => {
    expect(
      op(doc, '/v1/referrals/{id}', 'get').responses['200']!.content!['application/json']!.schema,
    ).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' }, need: { $ref: '#/components/schemas/Need' } },
    });
    expect(op(doc, '/o/{token}', 'get').responses['200']!.content).toEqual({
      'text/html': { schema: { type: 'string' } },
    });
  });

  it('accepts a link action as JSON or as a form', () => {
    expect(Object.keys(op(doc, '/o/{token}/accept', 'post').requestBody!.content)).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
  });

  it('gives each operation a unique id', () => {
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => (o as Op).operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(op(doc, '/v1/referrals/{id}', 'get').operationId).toBe('getV1ReferralsId');
  });

  it('refuses the same operation twice', () => {
    const api = createOpenApiRegistry({ title: 't', version: '1' });
    api.add({ method: 'get', path: '/a/:id', summary: 'a', responses: { 200: { description: 'ok' } } });
    expect(() =>
      api.add({ method: 'GET', path: '/a/{id}', summary: 'a', responses: { 200: { description: 'ok' } } }),
    ).toThrow(/twice/);
  });
});
