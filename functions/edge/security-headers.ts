/**
 * Security headers on every response. Forced: `X-Content-Type-Options: nosniff`, `X-Frame-Options:
 * DENY` and a Referrer-Policy that never lets a URL leave the site: `no-referrer` (link pages carry a
 * capability token in their URL; it must never leave in a Referer), unless the handler chose
 * `same-origin` (the staff pages do: under `no-referrer` browsers send `Origin: null` with a form POST,
 * which the pages' CSRF check refuses). Defaulted when the handler set none: `Cache-Control: no-store`
 * (API answers hold case data) and `Content-Security-Policy: default-src 'none'; frame-ancestors
 * 'none'`; a handler's own CSP (an HTML page) keeps its directives and gets `frame-ancestors 'none'`
 * added when it lacks one. When deployed (always HTTPS), `Strict-Transport-Security` too; not on the
 * one-machine runtime, which serves plain http and where a browser would keep the rule for the host.
 */
import type { MiddlewareHandler } from 'hono';

export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = 'max-age=31536000; includeSubDomains';

export interface SecurityHeadersOptions {
  /**
   * Served behind HTTPS (AWS): adds HSTS. The apps pass `!deps.dev`: only the one-machine runtime has
   * dev hooks, and only it serves plain http.
   */
  readonly deployed: boolean;
}

/** The security headers middleware; mount it first so error responses get the headers too. */
export const securityHeaders =
  (options: SecurityHeadersOptions): MiddlewareHandler =>
  async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('x-content-type-options', 'nosniff');
    if (h.get('referrer-policy') !== 'same-origin') h.set('referrer-policy', 'no-referrer');
    h.set('x-frame-options', 'DENY');
    if (options.deployed) h.set('strict-transport-security', HSTS);
    else h.delete('strict-transport-security');
    if (!h.has('cache-control')) h.set('cache-control', 'no-store');
    const csp = h.get('content-security-policy');
    if (!csp) h.set('content-security-policy', DEFAULT_CSP);
    else if (!/(^|;)\s*frame-ancestors\s/i.test(csp)) {
      h.set('content-security-policy', `${csp.replace(/;\s*$/, '')}; frame-ancestors 'none'`);
    }
  };
