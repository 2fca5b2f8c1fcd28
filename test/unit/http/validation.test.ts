import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { PROBLEM_TYPES, problemOnError } from '../../../functions/edge/problem.ts';
import {
  formBoolean,
  freeText,
  instant,
  issuesToErrors,
  MAX_BODY_BYTES,
  queryOf,
  readForm,
  readJson,
  readJsonOrForm,
} from '../../../functions/edge/validation.ts';

const body = z.strictObject({
  pseudonym: z.string().check(z.minLength(2), z.maxLength(40)),
  need: z.strictObject({ specialty: z.enum(['ophthalmology', 'dental']) }),
  urgency: z.enum(['routine', 'soon', 'urgent']),
  languages: z
    .array(z.string().check(z.regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code')))
    .check(z.minLength(1), z.maxLength(3)),
  count: z.optional(z.int().check(z.gte(0))),
  reason: z.optional(freeText({ max: 50 })),
  at: z.optional(z.iso.datetime({ offset: true })),
});
const valid = {
  pseudonym: 'ZEBRA-1985',
  need: { specialty: 'dental' },
  urgency: 'routine',
  languages: ['pt'],
};

const accept = z.strictObject({
  appointmentAt: z.string().check(z.minLength(1)),
  place: z.optional(z.string().check(z.maxLength(20))),
});
const outcome = z.strictObject({ attended: formBoolean() });
const offers = z.strictObject({ specialistIds: z.optional(z.array(z.string()).check(z.minLength(1))) });
const list = z.strictObject({
  status: z.optional(z.enum(['open', 'closed'])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  tag: z.optional(z.union([z.string(), z.array(z.string())])),
});

const app = new Hono();
app.onError(problemOnError);
app.post('/json', async (c) => c.json(await readJson(c, body)));
app.post('/form', async (c) => c.json(await readForm(c, accept)));
app.post('/either', async (c) => c.json(await readJsonOrForm(c, outcome)));
app.post('/offers', async (c) => c.json(await readJson(c, offers, { allowEmpty: true })));
app.post('/small', async (c) => c.json(await readJson(c, z.unknown(), { maxBytes: 100 })));
app.get('/list', (c) => c.json(queryOf(c, list)));

const postJson = (path: string, value: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof value === 'string' ? value : JSON.stringify(value),
  });
const problemOf = async (res: Response) =>
  (await res.json()) as { type: string; status: number; errors?: { path: string; message: string }[] };

describe('readJson', () => {
  it('returns the parsed body', async () => {
    const res = await postJson('/json', valid);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(valid);
  });

  it('accepts application/json with a utf-8 charset', async () => {
    expect(
      (await postJson('/json', valid, { 'content-type': 'application/json; charset=UTF-8' })).status,
    ).toBe(200);
  });

  it('refuses another content type with 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await postJson('/json', valid, { 'content-type': contentType });
      expect(res.status).toBe(415);
      expect((await problemOf(res)).type).toBe(PROBLEM_TYPES.unsupportedMediaType);
    }
    const none = await app.request('/json', { method: 'POST', body: JSON.stringify(valid) });
    expect(none.status).toBe(415);
  });

  it('refuses a body declared larger than 64 KB with 413 before reading it', async () => {
    const res = await postJson('/json', '{}', { 'content-length': String(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).type).toBe(PROBLEM_TYPES.tooLarge);
  });

  it('refuses a chunked body over the limit by counting the bytes read', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const req = new Request('http://localhost/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    const res = await app.request(req);
    expect(res.status).toBe(413);
    // Reading stopped at the limit instead of draining the whole stream.
    expect(sent).toBeLessThan(100);
  });

  it('honours a smaller limit', async () => {
    expect((await postJson('/small', { a: 'x'.repeat(200) })).status).toBe(413);
    expect((await postJson('/small', { a: 'x' })).status).toBe(200);
  });

  it('refuses malformed JSON with 400 malformed', async () => {
    const res = await postJson('/json', '{"pseudonym": ');
    expect(res.status).toBe(400);
    expect((await problemOf(res)).type).toBe(PROBLEM_TYPES.malformed);
    expect((await postJson('/json', '')).status).toBe(400);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const res = await app.request('/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
  });

  it('names each field at fault by its dotted path', async () => {
    const res = await postJson('/json', {
      ...valid,
      need: { specialty: 'astrology' },
      urgency: undefined,
      languages: ['pt', 'PORTUGUESE'],
      count: 1.5,
    });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.type).toBe(PROBLEM_TYPES.validation);
    expect(p.errors).toEqual(
      expect.arrayContaining([
        { path: 'need.specialty', message: 'must be one of: ophthalmology, dental' },
        { path: 'urgency', message: 'is required' },
        { path: 'languages.1', message: 'must be an ISO 639 code' },
        { path: 'count', message: 'must be an integer' },
      ]),
    );
  });

  it('refuses text that is not text in any field, naming each: a lone surrogate, a control character', async () => {
    // Written as JSON escapes, as a client would send them: JSON.stringify keeps a lone surrogate escaped.
    const raw =
      '{"pseudonym":"ZEBRA-\\ud800","need":{"specialty":"dental"},"urgency":"routine",' +
      '"languages":["pt"],"reason":"a\\u0000b"}';
    const res = await postJson('/json', raw);
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.errors).toEqual(
      expect.arrayContaining([
        { path: 'pseudonym', message: 'must be well-formed text (it holds half of a surrogate pair)' },
        { path: 'reason', message: 'must not contain control characters' },
      ]),
    );
    for (const bad of ['\u001b[31m', 'a\u0007', 'a\u0085b', '\udc00x']) {
      const one = await postJson('/json', { ...valid, reason: `ok ${bad}` });
      expect(one.status, JSON.stringify(bad)).toBe(400);
      expect((await problemOf(one)).errors?.map((e) => e.path)).toEqual(['reason']);
    }
    // Line breaks, tabs and whole characters beyond the BMP are text.
    const fine = await postJson('/json', { ...valid, reason: 'one\ntwo\tthree \u{1F600} é' });
    expect(fine.status).toBe(200);
  });

  it('walks a body nested thousands deep without failing (a refusal, not a crash)', async () => {
    const deep = `{"pseudonym":${'['.repeat(20_000)}"a\\u0000"${']'.repeat(20_000)}}`;
    const res = await postJson('/json', deep);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).type).toBe(PROBLEM_TYPES.validation);
  });

  it('refuses control characters in a form and in a query too', async () => {
    const form = await app.request('/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'appointmentAt=2027-01-01T10%3A00&place=a%00b',
    });
    expect(form.status).toBe(400);
    expect((await problemOf(form)).errors?.map((e) => e.path)).toEqual(['place']);
    const query = await app.request('/list?tag=a%1Bb');
    expect(query.status).toBe(400);
    expect((await problemOf(query)).errors?.map((e) => e.path)).toEqual(['tag']);
  });

  it('refuses unknown keys at every depth', async () => {
    const res = await postJson('/json', { ...valid, extra: 1, need: { specialty: 'dental', note: 'x' } });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'is not an allowed field' },
        { path: 'need.note', message: 'is not an allowed field' },
      ]),
    );
  });

  it('never echoes the values it refuses, nor a key that looks like data', async () => {
    const res = await postJson('/json', {
      ...valid,
      pseudonym: 'ZEBRA-1985-ZEBRA-1985-ZEBRA-1985-ZEBRA-1985-ZEBRA',
      need: { specialty: 'jane.doe@example.org' },
      urgency: 'ZEBRA-urgency',
      languages: 'ZEBRA',
      count: 'ZEBRA-count',
      at: 'ZEBRA-date',
      'jane.doe@example.org': true,
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('ZEBRA');
    expect(text).not.toContain('jane.doe');
    const p = JSON.parse(text) as { errors: { path: string; message: string }[] };
    expect(p.errors).toEqual(
      expect.arrayContaining([
        { path: 'pseudonym', message: 'must have at most 40 characters' },
        { path: 'languages', message: 'must be an array' },
        { path: 'count', message: 'must be a number' },
        { path: 'at', message: expect.stringMatching(/^must be an ISO 8601 date and time/) },
        { path: '', message: 'has a field that is not allowed' },
      ]),
    );
  });

  it('treats a missing body as {} when the body is optional', async () => {
    const res = await app.request('/offers', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const withType = await app.request('/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(withType.status).toBe(200);
    expect((await app.request('/offers', { method: 'POST', body: 'x', headers: {} })).status).toBe(415);
  });
});

describe('readForm and readJsonOrForm', () => {
  const postForm = (path: string, form: string) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });

  it('reads a form, treating blank fields as absent', async () => {
    const res = await postForm('/form', 'appointmentAt=2025-03-01T09%3A30%3A00Z&place=');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ appointmentAt: '2025-03-01T09:30:00Z' });
  });

  it('refuses JSON where a form is expected, with 415', async () => {
    expect((await postJson('/form', { appointmentAt: 'x' })).status).toBe(415);
  });

  it('refuses unknown form fields', async () => {
    const res = await postForm('/form', 'appointmentAt=x&phone=0470123456');
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('0470');
  });

  it('accepts the same action as JSON or as a form', async () => {
    expect(await (await postJson('/either', { attended: true })).json()).toEqual({ attended: true });
    expect(await (await postForm('/either', 'attended=false')).json()).toEqual({ attended: false });
    expect(await (await postForm('/either', 'attended=on')).json()).toEqual({ attended: true });
    expect((await postForm('/either', 'attended=maybe')).status).toBe(400);
    const other = await app.request('/either', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(other.status).toBe(415);
  });
});

describe('queryOf', () => {
  it('parses the query string strictly, coercing where the schema says', async () => {
    const res = await app.request('/list?status=open&limit=20&tag=a&tag=b');
    expect(await res.json()).toEqual({ status: 'open', limit: 20, tag: ['a', 'b'] });
  });

  it('refuses unknown parameters and bad values with 400', async () => {
    const res = await app.request('/list?status=ZEBRA&foo=1&limit=1000');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('ZEBRA');
    expect(JSON.parse(text).errors).toEqual(
      expect.arrayContaining([
        { path: 'status', message: 'must be one of: open, closed' },
        { path: 'foo', message: 'is not an allowed field' },
        { path: 'limit', message: 'must be at most 100' },
      ]),
    );
  });
});

describe('freeText', () => {
  const schema = z.strictObject({ reason: freeText({ max: 20 }) });

  it('trims and accepts ordinary text', () => {
    expect(schema.parse({ reason: '  blurred vision  ' })).toEqual({ reason: 'blurred vision' });
  });

  it('refuses empty, blank and too long text', () => {
    expect(schema.safeParse({ reason: '   ' }).success).toBe(false);
    expect(schema.safeParse({ reason: 'x'.repeat(21) }).success).toBe(false);
  });

  it('gives its refusal the reason the pages word it by (contact_data)', () => {
    const result = schema.safeParse({ reason: '+352 621 123 456' });
    expect(result.success).toBe(false);
    expect(issuesToErrors(result.error?.issues ?? [])).toEqual([
      {
        path: 'reason',
        message: 'must not contain contact or identity data (phone)',
        reason: 'contact_data',
      },
    ]);
  });

  it.each([
    ['mail jane.doe@example.org', 'email'],
    ['call +352 621 123 456', 'phone'],
  ])('refuses %s naming the kind (%s), not the value', async (text, kind) => {
    const res = await postJson('/json', { ...valid, reason: text });
    expect(res.status).toBe(400);
    const raw = await res.text();
    expect(JSON.parse(raw).errors).toEqual([
      { path: 'reason', message: `must not contain contact or identity data (${kind})` },
    ]);
    expect(raw).not.toContain('jane');
    expect(raw).not.toContain('621');
  });
});

describe('instant', () => {
  it('stores an instant sent with an offset as UTC', () => {
    expect(z.parse(instant, '2027-03-01T14:00:00+01:00')).toBe('2027-03-01T13:00:00.000Z');
  });

  it('reports a value that is not an instant as a format issue, never a throw', () => {
    for (const value of ['soon', '2027-13-45T99:00:00Z', '']) {
      const result = z.safeParse(instant, value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('invalid_format');
    }
  });
});
