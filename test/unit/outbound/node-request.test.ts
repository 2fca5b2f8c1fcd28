import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, globalAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, requestOverNode } from '../../../functions/adapters/outbound/node-request.ts';

/*
 * The one outbound HTTP request of Relais's own code (node-request.ts), against real local servers: a
 * plain one and a TLS one (a certificate made for the test, trusted through the https agent).
 */

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  tls: boolean;
}
const seen: Seen[] = [];

function answer(tls: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, tls });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url === '/doc') return json(200, { tls, ok: true });
      if (req.url === '/token') return json(200, { form: Object.fromEntries(new URLSearchParams(body)) });
      if (req.url === '/refused') return json(400, { error: 'invalid_grant' });
      if (req.url === '/moved') return void res.writeHead(302, { location: '/doc' }).end();
      if (req.url === '/at-cap') return void res.writeHead(200).end('x'.repeat(MAX_RESPONSE_BYTES));
      if (req.url === '/huge') return void res.writeHead(200).end('x'.repeat(MAX_RESPONSE_BYTES + 1));
      if (req.url === '/slow') return void setTimeout(() => json(200, {}), 2_000);
      res.writeHead(404).end();
    });
  };
}

let plain: Server;
let tls: Server;
let http: string;
let https: string;
let trusted: unknown;

const listen = async (server: Server) => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server | undefined) => {
  server?.closeAllConnections();
  return new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relais-outbound-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  plain = createServer(answer(false));
  tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, answer(true));
  http = `http://127.0.0.1:${await listen(plain)}`;
  https = `https://127.0.0.1:${await listen(tls)}`;
  // requestOverNode uses the default agent: trusting the test's certificate there, as a deployed
  // function trusts the public CAs.
  trusted = globalAgent.options.ca;
  globalAgent.options.ca = cert;
});

afterAll(async () => {
  globalAgent.options.ca = trusted as typeof globalAgent.options.ca;
  await close(plain);
  await close(tls);
});

describe('requestOverNode', () => {
  it('speaks TLS to an https URL and plain HTTP to an http one', async () => {
    const overTls = await requestOverNode(`${https}/doc`);
    expect(overTls.status).toBe(200);
    expect(overTls.json()).toEqual({ tls: true, ok: true });
    const overPlain = await requestOverNode(new URL(`${http}/doc`));
    expect(overPlain.json()).toEqual({ tls: false, ok: true });
    // The same TLS server asked in plain HTTP does not answer a document.
    await expect(requestOverNode(`${https.replace('https:', 'http:')}/doc`)).rejects.toThrow();
  });

  it('sends a POST’s form body with its length and headers, and reads the answer', async () => {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'é&=x' }).toString();
    const response = await requestOverNode(`${https}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    });
    expect(response.ok).toBe(true);
    expect(response.json()).toEqual({ form: { grant_type: 'authorization_code', code: 'é&=x' } });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(form)));
  });

  it('returns a refusal and a redirect as they are: not ok, the redirect not followed', async () => {
    const refused = await requestOverNode(`${http}/refused`, { method: 'POST', body: '' });
    expect([refused.status, refused.ok]).toEqual([400, false]);
    expect(refused.json()).toEqual({ error: 'invalid_grant' });
    const before = seen.length;
    const moved = await requestOverNode(`${http}/moved`);
    expect([moved.status, moved.ok, moved.headers['location']]).toEqual([302, false, '/doc']);
    expect(seen.length - before).toBe(1);
  });

  it('reads an answer up to the size cap and refuses a larger one', async () => {
    expect((await requestOverNode(`${http}/at-cap`)).body.length).toBe(MAX_RESPONSE_BYTES);
    await expect(requestOverNode(`${http}/huge`)).rejects.toThrow(/too large/);
    await expect(requestOverNode(`${https}/doc`, { maxBytes: 5 })).rejects.toThrow(/too large/);
  });

  it('gives up after its timeout, and when the caller aborts', async () => {
    await expect(requestOverNode(`${http}/slow`, { timeoutMs: 100 })).rejects.toThrow(/timed out/);
    await expect(requestOverNode(`${https}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });

  it('refuses a URL that is not http(s) without sending anything', async () => {
    await expect(requestOverNode('file:///etc/passwd')).rejects.toThrow(/unsupported URL scheme/);
  });
});
