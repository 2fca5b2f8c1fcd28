import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as light from '../../../functions/edge/light-fetch.ts';

/*
 * The light fetch classes the HTTP bundles use in place of Node's (functions/edge/light-fetch.ts): the
 * same operations on both, the same answers, including which operations throw (and what).
 */

const node = { Headers, Request, Response, FormData };
type Classes = typeof node;
const sides: [string, Classes][] = [
  ['node', node],
  ['light', light as unknown as Classes],
];

/** The value, or the name of the error class it threw. */
const outcome = <T>(run: () => T): { ok: T } | { threw: string } => {
  try {
    return { ok: run() };
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
};
const settled = async <T>(run: () => Promise<T>): Promise<{ ok: T } | { threw: string }> => {
  try {
    return { ok: await run() };
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
};

const headersState = (h: Headers, names: readonly string[]) => ({
  entries: [...h],
  keys: [...h.keys()],
  values: [...h.values()],
  each: (() => {
    const seen: [string, string][] = [];
    h.forEach((value, name) => {
      seen.push([name, value]);
    });
    return seen;
  })(),
  get: names.map((n) => outcome(() => h.get(n))),
  has: names.map((n) => outcome(() => h.has(n))),
  cookies: h.getSetCookie(),
});

const NAMES = ['Set-Cookie', 'set-cookie', 'Content-Type', 'x-a', 'X-A', 'vary', 'b', 'a b', '', 'Zz'];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 }));
const value = fc.oneof(
  fc.constantFrom('v', ' padded\t', 'a=1; Path=/', 'x\ny', 'x\u0001y', 'é', 'あ', '', '\0'),
  fc.string({ maxLength: 8 }),
);
const op = fc.oneof(
  fc.tuple(fc.constant('append' as const), name, value),
  fc.tuple(fc.constant('set' as const), name, value),
  fc.tuple(fc.constant('delete' as const), name, fc.constant('')),
);

describe('the light Headers', () => {
  it('answer as Node’s after any sequence of append, set and delete', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const [a, b] = sides.map(([, c]) => {
          const h = new c.Headers();
          const thrown = ops.map(([kind, n, v]) =>
            outcome(() => (kind === 'delete' ? h.delete(n) : h[kind](n, v))),
          );
          return { thrown, state: headersState(h, NAMES) };
        });
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('are built as Node’s from an object, an array of pairs or other headers', () => {
    const init = fc.oneof(
      fc.dictionary(name, value, { maxKeys: 5 }),
      fc.array(fc.tuple(name, value), { maxLength: 5 }),
      fc.array(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), { maxLength: 3 }),
      fc.constantFrom(null, 5, 'x'),
    );
    fc.assert(
      fc.property(init, (given) => {
        const [a, b] = sides.map(([, c]) =>
          outcome(() => {
            const h = new c.Headers(given as never);
            // From headers of its own kind: the same entries again, set-cookie values apart.
            return [headersState(h, NAMES), [...new c.Headers(h)]];
          }),
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('keep each Set-Cookie apart and join other repeated values with ", "', () => {
    const h = new light.Headers([
      ['Set-Cookie', 'a=1; Path=/'],
      ['x', '1'],
      ['set-cookie', 'b=2, c=3'],
      ['X', '2'],
    ]);
    expect([...h]).toEqual([
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2, c=3'],
      ['x', '1, 2'],
    ]);
    expect(h.getSetCookie()).toEqual(['a=1; Path=/', 'b=2, c=3']);
    expect(Object.prototype.toString.call(h)).toBe('[object Headers]');
  });
});

const bodyKind = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.uint8Array({ maxLength: 10 }).map((bytes) => ({ bytes })),
  fc.uint8Array({ maxLength: 10 }).map((bytes) => ({ buffer: bytes })),
  fc
    .dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 })
    .map((form) => ({ form })),
  fc.constant('\uFEFFbom'),
  fc.integer().map((n) => ({ number: n })),
);
type BodyKind =
  | string
  | null
  | { bytes: Uint8Array }
  | { buffer: Uint8Array }
  | { form: Record<string, string> }
  | { number: number };
const bodyOf = (kind: BodyKind): unknown => {
  if (kind === null || typeof kind === 'string') return kind;
  if ('bytes' in kind) return kind.bytes.slice();
  if ('buffer' in kind) return kind.buffer.slice().buffer;
  if ('form' in kind) return new URLSearchParams(kind.form);
  return kind.number;
};

const responseState = async (r: Response, read: 'text' | 'arrayBuffer' | 'json' | 'bytes') => {
  const before = {
    status: r.status,
    statusText: r.statusText,
    ok: r.ok,
    headers: [...r.headers],
    used: r.bodyUsed,
  };
  const isNull = r.body === null;
  const first = await settled(async () => {
    const got = await (r as unknown as Record<string, () => Promise<unknown>>)[read]!();
    return got instanceof ArrayBuffer || got instanceof Uint8Array ? [...new Uint8Array(got)] : got;
  });
  const again = await settled(() => r.text());
  return {
    before,
    isNull,
    first,
    again,
    after: r.bodyUsed,
    type: r.type,
    url: r.url,
    redirected: r.redirected,
  };
};

describe('the light Response', () => {
  it('holds the status, headers and body Node’s would, read once in any form', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyKind,
        fc.constantFrom(undefined, 200, 201, 204, 304, 404, 599, 600, 199),
        fc.constantFrom(undefined, 'OK', 'Not Found', 'bad\n'),
        fc.constantFrom(undefined, { 'content-type': 'application/json' }, [
          ['set-cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ]),
        fc.constantFrom('text', 'arrayBuffer', 'json', 'bytes') as fc.Arbitrary<
          'text' | 'arrayBuffer' | 'json' | 'bytes'
        >,
        async (kind, status, statusText, headers, read) => {
          const [a, b] = await Promise.all(
            sides.map(([, c]) =>
              settled(async () => {
                const init = {
                  ...(status ? { status } : {}),
                  ...(statusText ? { statusText } : {}),
                  ...(headers ? { headers } : {}),
                };
                const r = new c.Response(bodyOf(kind) as never, init as never);
                const copy = r.clone();
                return [await responseState(r, read), await responseState(copy, 'text')];
              }),
            ),
          );
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('makes a response from another’s body stream and init as Node’s does (hono’s Context)', async () => {
    for (const kind of ['abc', null, { bytes: new Uint8Array([1, 2, 255]) }] as BodyKind[]) {
      const [a, b] = await Promise.all(
        sides.map(async ([, c]) => {
          const first = new c.Response(bodyOf(kind) as never, { status: 201, headers: { 'x-a': '1' } });
          const second = new c.Response(first.body, first);
          second.headers.set('x-b', '2');
          // A turn of the event loop, as between a middleware's steps.
          await new Promise((ok) => setTimeout(ok, 1));
          const unread = [first.bodyUsed, second.bodyUsed];
          const text = await second.text();
          return {
            unread,
            text,
            used: [first.bodyUsed, second.bodyUsed],
            headers: [...second.headers],
            status: second.status,
            again: await settled(() => first.text()),
          };
        }),
      );
      expect(b).toEqual(a);
    }
  });

  it('reads a locked body stream as Node’s does: it refuses', async () => {
    const [a, b] = await Promise.all(
      sides.map(async ([, c]) => {
        const r = new c.Response('locked');
        const reader = r.body!.getReader();
        const refused = await settled(() => r.text());
        const chunk = await reader.read();
        return { refused, chunk: [...(chunk.value ?? [])], used: r.bodyUsed };
      }),
    );
    expect(b).toEqual(a);
  });

  it('makes JSON and redirect responses as Node’s statics do', async () => {
    const cases: [string, (c: Classes) => Response][] = [
      ['json', (c) => c.Response.json({ a: [1, 'é'] }, { status: 422, headers: { 'x-a': '1' } })],
      ['json undefined', (c) => c.Response.json(undefined)],
      ['json typed', (c) => c.Response.json([1], { headers: { 'Content-Type': 'application/x+json' } })],
      ['no init', (c) => new c.Response('x', null as never)],
      ['status as text', (c) => new c.Response('x', { status: '201' as never })],
      ['status wrapped', (c) => new c.Response('x', { status: 65736.7 })],
      ['redirect', (c) => c.Response.redirect('https://relais.test/a?b=1', 303)],
      ['redirect default', (c) => (c.Response.redirect as (url: string) => Response)('https://relais.test/')],
      ['redirect relative', (c) => (c.Response.redirect as (url: string) => Response)('/a')],
      ['redirect bad status', (c) => c.Response.redirect('https://relais.test/', 200 as never)],
    ];
    for (const [, make] of cases) {
      const [a, b] = await Promise.all(
        sides.map(([, c]) =>
          settled(async () => {
            const r = make(c);
            const frozen = outcome(() => r.headers.set('x-z', '1'));
            return { status: r.status, headers: [...r.headers], body: await r.text(), frozen };
          }),
        ),
      );
      expect(b).toEqual(a);
    }
  });
});

const formText = fc.oneof(
  fc
    .array(fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('a=1&a=2&b=%C3%A9+x', 'a=%zz&=&&c', 'x=%F0%9F%98%80'),
);

describe('the light FormData, from an urlencoded body', () => {
  it('parses a form as Node’s, for either content type spelling, and refuses other types', async () => {
    await fc.assert(
      fc.asyncProperty(
        formText,
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'Application/X-WWW-Form-Urlencoded; charset=UTF-8',
          'text/plain',
          undefined,
        ),
        async (text, type) => {
          const [a, b] = await Promise.all(
            sides.map(([, c]) =>
              settled(async () => {
                const form = await new c.Response(
                  text,
                  type ? { headers: { 'content-type': type } } : {},
                ).formData();
                const each: [string, string][] = [];
                form.forEach((v, k) => {
                  each.push([k, v as string]);
                });
                const keys = [...form.keys()];
                return {
                  entries: [...form],
                  each,
                  get: keys.map((k) => form.get(k)),
                  all: keys.map((k) => form.getAll(k)),
                  has: form.has('a'),
                };
              }),
            ),
          );
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('changes as Node’s under set, append and delete', () => {
    const [a, b] = sides.map(([, c]) => {
      const form = new c.FormData();
      form.append('a', '1');
      form.append('b', '2');
      form.append('a', '3');
      form.set('a', '4');
      form.append('c', '5');
      form.delete('b');
      return { entries: [...form], values: [...form.values()], tag: Object.prototype.toString.call(form) };
    });
    expect(b).toEqual(a);
    expect(() => new light.FormData().append('f', new Blob(['x']) as never)).toThrow(TypeError);
  });
});

describe('the light Request', () => {
  it('holds the url, method, headers and body Node’s would, or refuses as Node’s does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'https://relais.test/a/b?c=1&d',
          'https://relais.test',
          'http://x.test/%7Efoo/../bar',
          '/relative',
          'https://u:p@relais.test/',
          'not a url',
        ),
        fc.constantFrom(
          undefined,
          'GET',
          'get',
          'post',
          'PATCH',
          'patch',
          'HEAD',
          'delete',
          'TRACE',
          'bad method',
          'OPTIONS',
        ),
        bodyKind,
        fc.constantFrom(
          undefined,
          { 'content-type': 'application/json' },
          { 'x-a': ' 1 ', cookie: 'a=1; b=2' },
        ),
        async (url, method, kind, headers) => {
          const [a, b] = await Promise.all(
            sides.map(([, c]) =>
              settled(async () => {
                const body = bodyOf(kind);
                const r = new c.Request(url, {
                  ...(method ? { method } : {}),
                  ...(headers ? { headers: headers as never } : {}),
                  ...(body !== null ? { body: body as never } : {}),
                });
                const copy = r.clone();
                const state = {
                  url: r.url,
                  method: r.method,
                  headers: [...r.headers],
                  isNull: r.body === null,
                  used: r.bodyUsed,
                  aborted: r.signal.aborted,
                  text: await settled(() => r.text()),
                  json: await settled(() => copy.json()),
                  after: [r.bodyUsed, copy.bodyUsed],
                  again: await settled(() => r.arrayBuffer()),
                };
                return state;
              }),
            ),
          );
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads an urlencoded request body as a form and takes a body read once only, as Node’s', async () => {
    const [a, b] = await Promise.all(
      sides.map(async ([, c]) => {
        const r = new c.Request('https://relais.test/o/t/accept', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new TextEncoder().encode('appointmentAt=2026-12-01T10%3A00&note=a+b'),
        });
        const form = await r.formData();
        return { entries: [...form], used: r.bodyUsed, again: await settled(() => r.formData()) };
      }),
    );
    expect(b).toEqual(a);
  });

  it('carries the signal it is given', () => {
    const controller = new AbortController();
    const r = new light.Request('https://relais.test/', { signal: controller.signal });
    controller.abort();
    expect(r.signal.aborted).toBe(true);
  });
});

describe('what the light classes leave to Node’s', () => {
  it('builds Node’s Response for a body they do not hold (a Blob), and Node’s FormData for a multipart form', async () => {
    const blob = new light.Response(new Blob(['hi'], { type: 'text/x-a' }));
    expect(blob).toBeInstanceOf(Response);
    expect(blob).toBeInstanceOf(light.Response);
    expect(blob.headers.get('content-type')).toBe('text/x-a');
    const multipart = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n';
    const form = await new light.Response(multipart, {
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    }).formData();
    expect(form).toBeInstanceOf(FormData);
    expect(form).toBeInstanceOf(light.FormData);
    expect([...form]).toEqual([['a', '1']]);
    // Node's objects (a fallback's, what `fetch` returns) are instances too; other objects are not.
    expect(new Response('x')).toBeInstanceOf(light.Response);
    expect(new Request('https://relais.test/')).toBeInstanceOf(light.Request);
    expect(new Headers()).toBeInstanceOf(light.Headers);
    expect(new light.Headers()).toBeInstanceOf(light.Headers);
    expect({ status: 200 }).not.toBeInstanceOf(light.Response);
    expect(new light.Response('x')).not.toBeInstanceOf(light.Request);
  });
});
