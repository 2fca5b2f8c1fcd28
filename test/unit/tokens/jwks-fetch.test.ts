import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJwksOverNode } from '../../../functions/adapters/tokens/jwks-fetch.ts';

/*
 * The staff issuer's key set is fetched over node:http(s) rather than the global fetch (jwks-fetch.ts):
 * it must still behave as jose expects of a fetch with `redirect: 'manual'` and an abort signal.
 */

const JWKS = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] };
let server: Server;
let base: string;
const seen: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/jwks')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(JWKS));
    if (req.url === '/moved') return void res.writeHead(302, { location: '/jwks' }).end();
    if (req.url === '/huge') return void res.writeHead(200).end('x'.repeat(200 * 1024));
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2_000);
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((ok) => server.close(() => ok()));
});

const get = (path: string, signal: AbortSignal = AbortSignal.timeout(5_000)) =>
  fetchJwksOverNode(`${base}${path}`, {
    method: 'GET',
    redirect: 'manual',
    signal,
    headers: new Headers({ accept: 'application/json', 'user-agent': 'relais-test' }),
  });

describe('fetchJwksOverNode', () => {
  it('returns the key set with its status, sending the headers jose gives', async () => {
    const response = await get('/jwks');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JWKS);
    expect(seen.at(-1)?.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'relais-test' });
  });

  it('does not follow a redirect: jose sees the 302 and refuses it', async () => {
    const before = seen.length;
    const response = await get('/moved');
    expect(response.status).toBe(302);
    expect(seen.length - before).toBe(1);
  });

  it('refuses a body larger than a key set can be', async () => {
    await expect(get('/huge')).rejects.toThrow(/too large/);
  });

  it('gives up when jose aborts it (its timeout)', async () => {
    await expect(get('/slow', AbortSignal.timeout(100))).rejects.toThrow();
  });
});
