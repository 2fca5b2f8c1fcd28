import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpEvent } from '../../../bench/lib.ts';
import { bundleOptions, LIGHT_FETCH_MODULE } from '../../../infra/bundling/esbuild-settings.ts';
import { PROJECT_ROOT } from '../../../infra/bundling/settings.ts';

/*
 * hono's Lambda adapter and Context on the light fetch classes (functions/edge/light-fetch.ts) and on
 * Node's: one small app bundled twice with the bundles' options, with and without the classes put in,
 * answers the same events alike. Routes that do what Relais's do and more: several cookies, headers
 * changed after the answer is made, forms (urlencoded, and multipart, which goes to Node's classes),
 * JSON, a binary body, an HTTPException's own response, HEAD, a redirect, a 404.
 */

const APP = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { setCookie, deleteCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
const app = new Hono();
app.use(async (c, next) => {
  await next();
  c.header('x-after', 'yes');
  c.res.headers.append('set-cookie', 'late=1; Path=/');
  c.res.headers.set('x-status', String(c.res.status));
});
app.get('/cookies', (c) => {
  setCookie(c, 'a', '1', { httpOnly: true, path: '/' });
  setCookie(c, 'b', 'two words', { secure: true, sameSite: 'Lax', maxAge: 60 });
  deleteCookie(c, 'old');
  c.header('vary', 'accept', { append: true });
  c.header('vary', 'cookie', { append: true });
  return c.json({ seen: c.req.header('cookie') ?? null, all: c.req.header() });
});
app.get('/text', (c) => c.text('héllo'));
app.get('/plain', () => new Response('plain'));
app.get('/bytes', (c) => c.body(new Uint8Array([0, 1, 255]), 200, { 'content-type': 'application/octet-stream' }));
app.get('/go', (c) => c.redirect('/there?x=1', 303));
app.get('/teapot', () => {
  throw new HTTPException(418, { res: new Response('short and stout', { headers: { 'x-tea': 'earl grey' } }) });
});
app.get('/boom', () => { throw new Error('boom'); });
app.post('/form', async (c) => c.json(await c.req.parseBody({ all: true })));
app.post('/json', async (c) => c.json({ got: await c.req.json(), again: await c.req.text() }, 201));
app.post('/raw', async (c) => {
  const body = c.req.raw.body;
  const reader = body.getReader();
  let size = 0;
  for (;;) { const { done, value } = await reader.read(); if (done) break; size += value.byteLength; }
  return c.json({ size, used: c.req.raw.bodyUsed });
});
app.notFound((c) => c.json({ missing: c.req.path }, 404));
app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text('failed: ' + err.message, 500)));
export const handler = handle(app);
`;

type Handler = (
  event: APIGatewayProxyEventV2,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;
let light: Handler;
let node: Handler;

async function bundled(name: string, inject: string[] | undefined): Promise<Handler> {
  const file = join(mkdtempSync(join(tmpdir(), 'relais-light-hono-')), `${name}.mjs`);
  await build({
    ...bundleOptions('unused.ts', file),
    entryPoints: undefined,
    stdin: { contents: APP, loader: 'js', resolveDir: PROJECT_ROOT },
    inject,
    sourcemap: false,
  });
  return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { handler: Handler }).handler;
}

beforeAll(async () => {
  light = await bundled('light', [LIGHT_FETCH_MODULE]);
  node = await bundled('node', undefined);
}, 60_000);

const withBody = (path: string, body: string, type: string, base64 = false): APIGatewayProxyEventV2 => {
  const event = httpEvent('POST', path);
  return {
    ...event,
    headers: { ...event.headers, 'content-type': type, 'content-length': String(Buffer.byteLength(body)) },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
};

const EVENTS: [string, APIGatewayProxyEventV2][] = [
  ['cookies in and out', { ...httpEvent('GET', '/cookies'), cookies: ['s=1', 'theme=dark'] }],
  ['text', httpEvent('GET', '/text')],
  ['a Response of its own', httpEvent('GET', '/plain')],
  ['HEAD', { ...httpEvent('HEAD', '/text'), routeKey: 'HEAD /text' }],
  ['binary', httpEvent('GET', '/bytes')],
  ['redirect', httpEvent('GET', '/go')],
  ['HTTPException response', httpEvent('GET', '/teapot')],
  ['error', httpEvent('GET', '/boom')],
  ['404', httpEvent('GET', '/nowhere')],
  ['urlencoded form', withBody('/form', 'a=1&a=2&b=%C3%A9+x&c[]=3', 'application/x-www-form-urlencoded')],
  ['base64 form', withBody('/form', 'a=1&b=2', 'application/x-www-form-urlencoded; charset=UTF-8', true)],
  [
    'multipart form (Node’s FormData)',
    withBody(
      '/form',
      '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--B--\r\n',
      'multipart/form-data; boundary=B',
    ),
  ],
  ['JSON read twice', withBody('/json', '{"x":[1,"é"]}', 'application/json')],
  ['bad JSON', withBody('/json', '{"x":', 'application/json')],
  ['body as a stream', withBody('/raw', 'some bytes', 'text/plain', true)],
  ['a GET with a body', { ...httpEvent('GET', '/text'), body: 'x' }],
  ['a bad header name', { ...httpEvent('GET', '/text'), headers: { 'bad name': 'x' } }],
];

describe('hono’s adapter and Context on the light classes', () => {
  it.each(EVENTS)('answer as on Node’s: %s', async (_, event) => {
    const errors = console.error;
    console.error = () => undefined;
    try {
      const [a, b] = [await node(event, {}), await light(event, {})];
      expect(b).toEqual(a);
    } finally {
      console.error = errors;
    }
  });

  it('set several cookies apart, and join other repeated headers', async () => {
    const answer = await light(EVENTS[0]![1], {});
    expect(answer.cookies).toHaveLength(4);
    expect(answer.headers?.['vary']).toBe('accept, cookie');
    expect(JSON.parse(answer.body!)).toMatchObject({ seen: 's=1; theme=dark' });
  });
});
