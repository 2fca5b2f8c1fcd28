import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOnError } from '../../../../functions/edge/problem.ts';
import { requestContext, requestIdFrom } from '../../../../functions/edge/request-context.ts';
import { staffAuth } from '../../../../functions/http/middleware/staff-auth.ts';
import { createJsonLogger } from '../../../../functions/lib/logger-json.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJsaW5rIjoxfQ.c2lnbmF0dXJl';

const setup = () => {
  const lines: string[] = [];
  const logger = createJsonLogger({ level: 'debug', sink: (l) => lines.push(l) });
  let t = 0;
  const app = new Hono();
  app.use(requestContext(logger, { now: () => (t += 12.5) }));
  app.onError(problemOnError);
  app.get('/v1/referrals/:id', (c) => {
    c.var.logger.info('loaded', { referralId: c.req.param('id') });
    return c.json({ requestId: c.var.requestId });
  });
  app.post('/o/:token/accept', (c) => c.text('thanks'));
  app.get('/boom', () => {
    throw new Error('boom with /o/secret-path');
  });
  app.use(
    '/staff/*',
    staffAuth(async () => ({ sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker'] })),
  );
  app.get('/staff/me', (c) => c.text('ok'));
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines, logs };
};

describe('requestIdFrom', () => {
  it('keeps a safe caller id and replaces anything else', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    for (const unsafe of [undefined, '', 'a b', 'x'.repeat(65), '<script>', 'id\nforged: 1']) {
      const id = requestIdFrom(unsafe);
      expect(id).not.toBe(unsafe);
      expect(id).toMatch(/^[A-Za-z0-9-]{1,64}$/);
    }
  });
});

describe('requestContext', () => {
  it('uses the caller’s safe x-request-id, echoes it and gives handlers a logger carrying it', async () => {
    const { app, logs } = setup();
    const res = await app.request('/v1/referrals/r-1', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toEqual({ requestId: 'abc-123' });
    expect(logs()[0]).toMatchObject({ message: 'loaded', requestId: 'abc-123', referralId: 'r-1' });
  });

  it('makes a fresh id when the caller’s is unsafe', async () => {
    const { app } = setup();
    const res = await app.request('/v1/referrals/r-1', { headers: { 'x-request-id': '../../etc/passwd' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with method, route pattern, status and duration', async () => {
    const { app, logs } = setup();
    await app.request('/v1/referrals/r-1?pseudonym=ZEBRA-1985');
    const line = logs().find((l) => l.message === 'request');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/referrals/:id',
      status: 200,
      durationMs: 12.5,
    });
    expect(JSON.stringify(logs())).not.toContain('ZEBRA');
  });

  it('never logs the URL, token or body of a link route', async () => {
    const { app, lines, logs } = setup();
    const res = await app.request(`/o/${TOKEN}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ appointmentAt: '2025-03-01T09:30:00Z', place: 'Room 4' }),
    });
    expect(res.status).toBe(200);
    expect(logs().at(-1)).toMatchObject({ route: '/o/:token/accept', status: 200 });
    const out = lines.join('\n');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('eyJ');
    expect(out).not.toContain('Room 4');
  });

  it('logs a failed request at error level by status, without the error’s message', async () => {
    const { app, lines, logs } = setup();
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(logs().at(-1)).toMatchObject({ level: 'error', route: '/boom', status: 500 });
    expect(lines.join('\n')).not.toContain('secret-path');
  });

  it('logs an unmatched request without its path', async () => {
    const { app, lines } = setup();
    await app.request('/o/secret-token-value');
    expect(lines.join('\n')).not.toContain('secret-token-value');
  });

  it('includes the caller behind staffAuth', async () => {
    const { app, logs } = setup();
    await app.request('/staff/me', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(logs().at(-1)).toMatchObject({ route: '/staff/me', sub: 'sw-1', org: 'mdm-lu' });
  });
});
