import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOnError } from '../../../../functions/edge/problem.ts';
import { DEFAULT_CSP, HSTS, securityHeaders } from '../../../../functions/edge/security-headers.ts';

const app = new Hono();
app.use(securityHeaders({ deployed: true }));
app.onError(problemOnError);
app.get('/json', (c) => c.json({ ok: true }));
app.get('/page', (c) => {
  c.header('content-security-policy', "default-src 'self'; style-src 'self'");
  c.header('cache-control', 'private, max-age=60');
  c.header('referrer-policy', 'unsafe-url');
  return c.html('<p>hi</p>');
});
app.get('/staff-page', (c) => {
  c.header('referrer-policy', 'same-origin');
  return c.html('<p>hi</p>');
});
app.get('/framed', (c) => {
  c.header('content-security-policy', "default-src 'self'; frame-ancestors 'self'");
  return c.text('x');
});
app.get('/boom', () => {
  throw new Error('x');
});

describe('securityHeaders', () => {
  it('sets nosniff, no-referrer, no-store and frame-ancestors none on API responses', async () => {
    const res = await app.request('/json');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(DEFAULT_CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps a page’s own policy and caching but adds frame-ancestors and forces no-referrer', async () => {
    const res = await app.request('/page');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; style-src 'self'; frame-ancestors 'none'",
    );
    expect(res.headers.get('cache-control')).toBe('private, max-age=60');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('keeps a same-origin referrer policy, which sends no Referer to another site either', async () => {
    const res = await app.request('/staff-page');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sends Strict-Transport-Security on every deployed response, errors included', async () => {
    for (const path of ['/json', '/page', '/boom', '/nowhere']) {
      const res = await app.request(path);
      expect(res.headers.get('strict-transport-security')).toBe(HSTS);
    }
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends no Strict-Transport-Security from the one-machine runtime, which serves plain http', async () => {
    const local = new Hono();
    local.use(securityHeaders({ deployed: false }));
    local.get('/x', (c) => {
      c.header('strict-transport-security', 'max-age=1');
      return c.text('x');
    });
    const res = await local.request('/x');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('leaves a frame-ancestors a page chose', async () => {
    const res = await app.request('/framed');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'self'");
  });

  it('sets the headers on error and not-found responses too', async () => {
    for (const path of ['/boom', '/nowhere']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
