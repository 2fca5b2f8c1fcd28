import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOnError } from '../../../../functions/edge/problem.ts';
import { DEFAULT_CSP, securityHeaders } from '../../../../functions/edge/security-headers.ts';

const app = new Hono();
app.use(securityHeaders());
app.onError(problemOnError);
app.get('/json', (c) => c.json({ ok: true }));
app.get('/page', (c) => {
  c.header('content-security-policy', "default-src 'self'; style-src 'self'");
  c.header('cache-control', 'private, max-age=60');
  c.header('referrer-policy', 'unsafe-url');
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
