import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHosts, guardHost, MISDIRECTED_PROBLEM_TYPE } from '../../../local/host-guard.ts';

/** A GET with a `Host` header of our choosing (fetch sets its own). */
function getWithHost(port: number, host: string) {
  return new Promise<{ status: number; type: string; body: string }>((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/dev/outbox', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
    });
    req.once('error', fail);
    req.end();
  });
}

describe('allowedHosts', () => {
  it('is the public host and port, localhost and 127.0.0.1 on the port', () => {
    expect(allowedHosts({ port: 3000, publicUrl: 'http://127.0.0.1:3000' })).toEqual([
      '127.0.0.1:3000',
      'localhost:3000',
    ]);
    // a default port is not written in Host, as browsers send it
    expect(allowedHosts({ port: 3000, publicUrl: 'https://Relais.Example' })).toEqual([
      'relais.example',
      'localhost:3000',
      '127.0.0.1:3000',
    ]);
  });
});

describe('guardHost, over HTTP', () => {
  let server: Server;
  let port: number;
  let reached = 0;

  beforeAll(async () => {
    server = createAdaptorServer({
      fetch: guardHost(() => {
        reached++;
        return Response.json([{ to: 'someone@example.org', text: 'http://x/o/live-token' }]);
      }, ['relais.example:8443', 'localhost:3000']),
    }) as Server;
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('answers the hosts it is told, in any case', async () => {
    for (const host of ['relais.example:8443', 'LOCALHOST:3000']) {
      const res = await getWithHost(port, host);
      expect(res.status, host).toBe(200);
    }
    expect(reached).toBe(2);
  });

  it('refuses any other Host with a 421 problem that reaches nothing and echoes nothing', async () => {
    reached = 0;
    for (const host of [
      'evil.example:3000',
      'relais.example',
      'relais.example:8444',
      'localhost',
      '127.0.0.1:3000',
    ]) {
      const res = await getWithHost(port, host);
      expect(res.status, host).toBe(421);
      expect(res.type).toBe('application/problem+json');
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toMatchObject({
        type: MISDIRECTED_PROBLEM_TYPE,
        status: 421,
        title: 'Misdirected request',
      });
      expect(res.body).not.toContain(host.split(':')[0]);
    }
    expect(reached).toBe(0);
  });
});
