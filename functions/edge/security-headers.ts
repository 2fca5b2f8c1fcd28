/**
 * Security headers on every response. Forced: `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer` (link pages carry a capability token in their URL; it must never leave
 * in a Referer) and `X-Frame-Options: DENY`. Defaulted when the handler set none: `Cache-Control:
 * no-store` (API answers hold case data) and `Content-Security-Policy: default-src 'none';
 * frame-ancestors 'none'`; a handler's own CSP (an HTML page) keeps its directives and gets
 * `frame-ancestors 'none'` added when it lacks one.
 */
import type { MiddlewareHandler } from 'hono';

export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The security headers middleware; mount it first so error responses get the headers too. */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('x-content-type-options', 'nosniff');
  h.set('referrer-policy', 'no-referrer');
  h.set('x-frame-options', 'DENY');
  if (!h.has('cache-control')) h.set('cache-control', 'no-store');
  const csp = h.get('content-security-policy');
  if (!csp) h.set('content-security-policy', DEFAULT_CSP);
  else if (!/(^|;)\s*frame-ancestors\s/i.test(csp)) {
    h.set('content-security-policy', `${csp.replace(/;\s*$/, '')}; frame-ancestors 'none'`);
  }
};
